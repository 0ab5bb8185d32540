package io.portcullis.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.sessioncache.SessionCache;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's open long-lived proxy connections (WebSocket tunnels, streamed answers) by the login session and identity
 * they were granted for. A revocation the node hears ({@link SessionCache.RevocationListener}) closes them at once,
 * on every proxy event loop; each connection's own timer closes it when its session expires. Metrics:
 * {@code portcullis_long_lived_connections} (open now) and {@code portcullis_long_lived_connections_closed_total}
 * by {@code reason} ({@code revoked}, {@code expired}).
 */
public final class LongLivedConnections implements SessionCache.RevocationListener {
  private final Map<String, Set<Tracked>> bySession = new ConcurrentHashMap<>();
  private final Map<String, Set<Tracked>> byIdentity = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final SessionCache sessions;
  private final Counter revoked;
  private final Counter expired;

  /** Listens to {@code sessions}' revocations from now on. */
  public LongLivedConnections(SessionCache sessions, MeterRegistry registry, String prefix) {
    this.sessions = sessions;
    Gauge.builder(prefix + "long_lived_connections", open, AtomicInteger::get)
        .description("WebSocket tunnels and streamed answers open for an authenticated session").register(registry);
    this.revoked = closed(registry, prefix, "revoked");
    this.expired = closed(registry, prefix, "expired");
    sessions.onRevocation(this);
  }

  private static Counter closed(MeterRegistry registry, String prefix, String reason) {
    return Counter.builder(prefix + "long_lived_connections_closed").tag("reason", reason)
        .description("Long-lived connections closed by the edge because their session ended").register(registry);
  }

  /**
   * Tracks a connection until {@link Tracked#ended()}.
   *
   * @param sessionId its login session, or null
   * @param identityId its identity, or null
   * @param closer closes it; runs at most once, on any thread, so it must hand the work to the connection's context
   */
  Tracked open(String sessionId, String identityId, Runnable closer) {
    Tracked t = new Tracked(sessionId, identityId, closer);
    open.incrementAndGet();
    index(bySession, sessionId, t);
    index(byIdentity, identityId, t);
    // Indexed first, then checked: a revocation heard between the session check and now is not missed.
    if (sessions.wasRevoked(sessionId, identityId)) {
      t.close(revoked);
    }
    return t;
  }

  @Override
  public void sessionRevoked(String sessionId) {
    closeAll(bySession.remove(sessionId));
  }

  @Override
  public void identityRevoked(String identityId) {
    closeAll(byIdentity.remove(identityId));
  }

  private void closeAll(Set<Tracked> tracked) {
    if (tracked != null) {
      tracked.forEach(t -> t.close(revoked));
    }
  }

  private static void index(Map<String, Set<Tracked>> index, String id, Tracked t) {
    if (id != null) {
      index.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(t);
    }
  }

  private static void unindex(Map<String, Set<Tracked>> index, String id, Tracked t) {
    if (id != null) {
      index.computeIfPresent(id, (k, set) -> {
        set.remove(t);
        return set.isEmpty() ? null : set;
      });
    }
  }

  /** One open connection. */
  final class Tracked {
    private final String sessionId;
    private final String identityId;
    private final Runnable closer;
    private final AtomicBoolean done = new AtomicBoolean();

    private Tracked(String sessionId, String identityId, Runnable closer) {
      this.sessionId = sessionId;
      this.identityId = identityId;
      this.closer = closer;
    }

    /** The connection ended by itself. */
    void ended() {
      finish();
    }

    /** Its session expired: closes it. */
    void expire() {
      close(expired);
    }

    private void close(Counter reason) {
      if (finish()) {
        reason.increment();
        closer.run();
      }
    }

    /** True the first time only: a connection leaves the registry once, however it ends. */
    private boolean finish() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      open.decrementAndGet();
      unindex(bySession, sessionId, this);
      unindex(byIdentity, identityId, this);
      return true;
    }
  }
}
