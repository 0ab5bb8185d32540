package io.portcullis.spi;

import java.util.concurrent.CompletionStage;

/**
 * Session checks against a Kratos-compatible session endpoint ({@code /sessions/whoami}), the way {@code cookie_session}
 * and {@code bearer_token} use it. The handler builds the check request from the client's credentials exactly as it
 * would send it; the host may answer from the node's session cache (a session that is cached is never asked for again
 * until it expires or is revoked, and a revocation anywhere evicts it on every node), or send it.
 *
 * <p>Every answer from the cache for one cached session carries the same body array (never to be modified), so a
 * handler may keep what it read from a body by the array's identity instead of parsing it on every request.
 */
@FunctionalInterface
public interface SessionChecker {
  /** Same contract as {@link HttpCaller#send}: the session endpoint's reply, cached or fresh. */
  CompletionStage<HttpCaller.Reply> check(HttpCaller.Call call);
}
