package io.portcullis.spi;

import java.util.concurrent.CompletionStage;

/**
 * Session checks against a Kratos-compatible session endpoint ({@code /sessions/whoami}), the way {@code cookie_session}
 * and {@code bearer_token} use it. The handler builds the check request from the client's credentials exactly as it
 * would send it; the host may answer from the node's session cache (a session that is cached is never asked for again
 * until it expires or is revoked, and a revocation anywhere evicts it on every node), or send it.
 *
 * <p>Every answer from the cache for one cached session carries the same body array (never to be modified), so a
 * handler may keep what it read from a body by the array's identity instead of parsing it on every request. A handler
 * that only needs a few fields of the answer should use {@link #check(HttpCaller.Call, Reader)} instead: then the
 * cache keeps what it read, not the answer.
 */
@FunctionalInterface
public interface SessionChecker {
  /** Same contract as {@link HttpCaller#send}: the session endpoint's reply, cached or fresh. */
  CompletionStage<HttpCaller.Reply> check(HttpCaller.Call call);

  /**
   * A check whose {@code 200} answer is read by {@code reader} (since SPI 1.5.0): a cached session keeps the reader's
   * value instead of the answer, so a hit is neither parsed again nor holds the answer's bytes in memory (a Kratos
   * whoami answer is 1 to 2 KB; what a handler reads from it is usually a tenth of that). The reader's value for one
   * cached session is handed to every hit, so it must not be modified. Any other status completes with no value.
   */
  default <T> CompletionStage<Checked<T>> check(HttpCaller.Call call, Reader<T> reader) {
    return check(call).thenApply(r -> new Checked<>(r.status(), r.status() == 200 ? reader.read(r.body()) : null));
  }

  /**
   * Reads what a handler keeps from a {@code 200} answer; a function of the body alone. The cache tells readers apart
   * by {@code equals}: readers that are equal must read alike (a record of the handler's settings is right; one reader
   * per handler instance, compared by identity, is too).
   */
  @FunctionalInterface
  interface Reader<T> {
    /** @param body the answer's body, possibly null */
    T read(byte[] body);
  }

  /** The answer's status and, for a {@code 200}, the reader's value. */
  record Checked<T>(int status, T value) {
  }
}
