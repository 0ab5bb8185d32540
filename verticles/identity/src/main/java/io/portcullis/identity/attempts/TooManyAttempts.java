package io.portcullis.identity.attempts;

import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.ratelimit.Attempts;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * An attempt refused because its identifier or client address must wait: 429 in Kratos' (herodot's) error shape, with
 * {@code Retry-After} in seconds (none for a lockout that lasts until an operator lifts it).
 */
public final class TooManyAttempts extends KratosError {
  static final String ID = "rate_limit_exceeded";
  private final Long retryAfterSeconds;
  private final String reason;

  TooManyAttempts(Duration wait, boolean locked) {
    this(Attempts.retryAfterSeconds(wait), locked);
  }

  private TooManyAttempts(Long retryAfterSeconds, boolean locked) {
    super(429, ID, "The request was rejected because of too many attempts, please try again later",
        reason(retryAfterSeconds, locked), new JsonObject().put("retry_after_seconds", retryAfterSeconds)
            .put("locked", locked));
    this.retryAfterSeconds = retryAfterSeconds;
    this.reason = reason(retryAfterSeconds, locked);
  }

  /** The {@code Retry-After} seconds; null for a lockout until lifted. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** What the person trying is told (also on the built-in pages). */
  public String reason() {
    return reason;
  }

  /** Puts {@code Retry-After} on {@code response} when the wait has an end. */
  public void putRetryAfter(HttpServerResponse response) {
    if (retryAfterSeconds != null) {
      response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
  }

  private static String reason(Long seconds, boolean locked) {
    if (locked) {
      return "Too many failed attempts: locked out" + (seconds == null ? "" : " for " + seconds + " seconds")
          + "; an administrator can lift the lockout.";
    }
    return "Too many failed attempts; please try again in " + seconds + " seconds.";
  }
}
