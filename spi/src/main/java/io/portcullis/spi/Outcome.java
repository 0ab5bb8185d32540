package io.portcullis.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a handler decided. Authenticators use all four kinds; authorizers and mutators answer {@link Kind#SUCCESS},
 * {@link Kind#DENIED} or {@link Kind#ERROR} (the host treats anything else from them as an error, and an error denies).
 */
public final class Outcome {
  public enum Kind {
    /** Authenticated, allowed or mutated. */
    SUCCESS,
    /** This authenticator does not apply to the request (no credentials of its kind): the next one is tried. */
    NOT_RESPONSIBLE,
    /** Refused on purpose, with the HTTP status to answer (401, 403, ...). */
    DENIED,
    /** The handler could not decide (remote down, bad data). Fails closed: answered as 500 by the error handlers. */
    ERROR
  }

  private static final Outcome SUCCESS = new Outcome(Kind.SUCCESS, 200, null);
  private static final Outcome NOT_RESPONSIBLE = new Outcome(Kind.NOT_RESPONSIBLE, 401, null);
  private static final CompletionStage<Outcome> SUCCESS_STAGE = new Settled(SUCCESS);
  private static final CompletionStage<Outcome> NOT_RESPONSIBLE_STAGE = new Settled(NOT_RESPONSIBLE);

  private final Kind kind;
  private final int status;
  private final String reason;

  private Outcome(Kind kind, int status, String reason) {
    this.kind = kind;
    this.status = status;
    this.reason = reason;
  }

  public static Outcome success() {
    return SUCCESS;
  }

  public static Outcome notResponsible() {
    return NOT_RESPONSIBLE;
  }

  /** 401: the credentials are missing or invalid. */
  public static Outcome unauthorized(String reason) {
    return new Outcome(Kind.DENIED, 401, reason);
  }

  /** 403: authenticated, but not allowed. */
  public static Outcome forbidden(String reason) {
    return new Outcome(Kind.DENIED, 403, reason);
  }

  /** Denied with another 4xx status (429 for a rate limit, 400 for a malformed credential). */
  public static Outcome denied(int status, String reason) {
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("a denial has a 4xx status, got " + status);
    }
    return new Outcome(Kind.DENIED, status, reason);
  }

  public static Outcome error(String reason) {
    return new Outcome(Kind.ERROR, 500, reason);
  }

  /** Shared, already completed stages for the common answers: no allocation on the hot path. */
  public static CompletionStage<Outcome> successStage() {
    return SUCCESS_STAGE;
  }

  public static CompletionStage<Outcome> notResponsibleStage() {
    return NOT_RESPONSIBLE_STAGE;
  }

  /** An already completed stage; cheap for the host to read, and nobody can complete it again. */
  public static CompletionStage<Outcome> completed(Outcome outcome) {
    return new Settled(outcome);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status this outcome stands for (200 for success). */
  public int status() {
    return status;
  }

  /** Why, for logs and verbose error responses; never shown to clients unless the operator asks. May be null. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return kind + (reason == null ? "" : "(" + status + ": " + reason + ")");
  }

  /**
   * A completed future that cannot be completed again, obtruded or cancelled, so shared instances stay what they are
   * whatever a plugin does with them; {@code toCompletableFuture()} returns it without a copy.
   */
  private static final class Settled extends CompletableFuture<Outcome> {
    private final boolean settled;

    Settled(Outcome outcome) {
      super.complete(outcome);
      settled = true;
    }

    @Override
    public boolean complete(Outcome value) {
      return settled ? false : super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      return false;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public void obtrudeValue(Outcome value) {
      throw new UnsupportedOperationException("a settled outcome cannot be changed");
    }

    @Override
    public void obtrudeException(Throwable ex) {
      throw new UnsupportedOperationException("a settled outcome cannot be changed");
    }
  }
}
