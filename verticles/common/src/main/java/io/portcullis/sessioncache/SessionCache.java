package io.portcullis.sessioncache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's session cache, shared by every proxy event loop: successful session checks by the hash of the check
 * request (credentials included), indexed by session id and identity id so a revocation evicts them. An entry lives
 * until the session expires or {@code maxLifetime} passes, whichever is first.
 *
 * <p>The cache is only used while it is <em>trusted</em>: while the revocation feed that keeps it honest is connected
 * and current. When it is not, every check goes to the source (fail safe), and {@link #untrustedReason()} says why.
 */
public final class SessionCache {
  /**
   * Told of every revocation the node applies, trusted cache or not, on the thread that applies it (the revocation
   * feed's or an event loop): e.g. to close the connections of a revoked session. Must not block.
   */
  public interface RevocationListener {
    void sessionRevoked(String sessionId);

    void identityRevoked(String identityId);
  }

  /** A cached answer: the session endpoint's reply body and what identifies the session. */
  public record Entry(byte[] body, String contentType, String sessionId, String identityId, Instant expiresAt) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> bySession = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byIdentity = new ConcurrentHashMap<>();
  /**
   * Sessions and identities revoked recently (until {@code maxLifetime} after the revocation): a check that was
   * already on its way to the source when the revocation arrived must not put the answer it got before the revocation
   * into the cache. A revoked session never becomes valid again, so refusing it is always right.
   */
  private final Map<String, Instant> revokedSessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> revokedIdentities = new ConcurrentHashMap<>();
  private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final int maxEntries;
  private final Duration maxLifetime;
  private final boolean enabled;
  private volatile String untrustedReason;
  private volatile long lastSweep = Long.MIN_VALUE / 2;
  private final Counter hits;
  private final Counter misses;
  private final Counter evictions;

  public SessionCache(boolean enabled, int maxEntries, Duration maxLifetime, Clock clock, MeterRegistry registry,
      String prefix) {
    this.enabled = enabled;
    this.maxEntries = maxEntries;
    this.maxLifetime = maxLifetime;
    this.clock = clock;
    this.untrustedReason = "the revocation feed has not started";
    this.hits = Counter.builder(prefix + "session_cache_hits_total").register(registry);
    this.misses = Counter.builder(prefix + "session_cache_misses_total").register(registry);
    this.evictions = Counter.builder(prefix + "session_cache_evictions_total")
        .description("entries removed because their session or identity was revoked").register(registry);
    Gauge.builder(prefix + "session_cache_entries", entries, Map::size).register(registry);
    Gauge.builder(prefix + "session_cache_trusted", this, c -> c.trusted() ? 1 : 0)
        .description("1 while the revocation feed is current and the cache is used; 0 while every check goes to the "
            + "source").register(registry);
  }

  /** A cache that is never used. */
  public static SessionCache disabled() {
    return new SessionCache(false, 0, Duration.ZERO, Clock.systemUTC(),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), "");
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean trusted() {
    return enabled && untrustedReason == null;
  }

  /** Null while trusted; otherwise why the cache is bypassed (shown in /health/ready). */
  public String untrustedReason() {
    return enabled ? untrustedReason : "the session cache is disabled";
  }

  /** Called by the revocation feed: trusted ({@code reason == null}) or not, and why. Distrust empties the cache. */
  public void trust(String reason) {
    if (reason != null && untrustedReason == null) {
      clear();
    }
    untrustedReason = reason;
  }

  /** A live entry for {@code key}, if trusted. */
  public Entry get(String key) {
    if (!trusted()) {
      return null;
    }
    Entry e = entries.get(key);
    if (e == null) {
      misses.increment();
      return null;
    }
    if (!e.expiresAt().isAfter(clock.instant())) {
      remove(key);
      misses.increment();
      return null;
    }
    hits.increment();
    return e;
  }

  /** Caches a session answer until it expires, at most {@code maxLifetime}. */
  public void put(String key, byte[] body, String contentType, String sessionId, String identityId,
      Instant sessionExpiresAt) {
    if (!trusted() || revokedSessions.containsKey(sessionId) || revokedIdentities.containsKey(identityId)) {
      return;
    }
    if (entries.size() >= maxEntries && (sweepExpired() == 0 || entries.size() >= maxEntries)) {
      return;
    }
    Instant cap = clock.instant().plus(maxLifetime);
    Instant until = sessionExpiresAt == null || sessionExpiresAt.isAfter(cap) ? cap : sessionExpiresAt;
    entries.put(key, new Entry(body, contentType, sessionId, identityId, until));
    bySession.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(key);
    byIdentity.computeIfAbsent(identityId, k -> ConcurrentHashMap.newKeySet()).add(key);
  }

  /** True when the session, or every session of the identity, was revoked recently (either may be null). */
  public boolean wasRevoked(String sessionId, String identityId) {
    return (sessionId != null && revokedSessions.containsKey(sessionId))
        || (identityId != null && revokedIdentities.containsKey(identityId));
  }

  /** Adds a listener told of every revocation from now on. */
  public void onRevocation(RevocationListener listener) {
    listeners.add(listener);
  }

  /** Evicts every entry of a revoked session, and keeps it out; returns how many entries went. */
  public int evictSession(String sessionId) {
    remember(revokedSessions, sessionId);
    int n = evict(bySession.remove(sessionId));
    listeners.forEach(l -> l.sessionRevoked(sessionId));
    return n;
  }

  /** Evicts every entry of a deleted or deactivated identity's sessions, and keeps them out; returns how many. */
  public int evictIdentity(String identityId) {
    remember(revokedIdentities, identityId);
    int n = evict(byIdentity.remove(identityId));
    listeners.forEach(l -> l.identityRevoked(identityId));
    return n;
  }

  private void remember(Map<String, Instant> revoked, String id) {
    Instant now = clock.instant();
    revoked.put(id, now.plus(maxLifetime));
    if (revoked.size() > 1_000 && revoked.size() % 1_000 == 0) {
      revoked.values().removeIf(until -> until.isBefore(now));
    }
  }

  public int size() {
    return entries.size();
  }

  /**
   * Removes expired entries; runs only when the cache is full, at most once a second. Without it, entries whose key
   * is never asked again (a cookie header that changed) would stay until the cache refused every new session.
   */
  private int sweepExpired() {
    Instant now = clock.instant();
    long last = lastSweep;
    if (now.toEpochMilli() - last < 1_000) {
      return 0;
    }
    lastSweep = now.toEpochMilli();
    int n = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!e.getValue().expiresAt().isAfter(now) && remove(e.getKey()) != null) {
        n++;
      }
    }
    return n;
  }

  public void clear() {
    entries.clear();
    bySession.clear();
    byIdentity.clear();
  }

  private int evict(Set<String> keys) {
    if (keys == null) {
      return 0;
    }
    int n = 0;
    for (String k : keys) {
      if (remove(k) != null) {
        n++;
      }
    }
    evictions.increment(n);
    return n;
  }

  private Entry remove(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      unindex(bySession, e.sessionId(), key);
      unindex(byIdentity, e.identityId(), key);
    }
    return e;
  }

  /** Drops {@code key} from the index set of {@code id}, and the set once it is empty. */
  private static void unindex(Map<String, Set<String>> index, String id, String key) {
    index.computeIfPresent(id, (k, keys) -> {
      keys.remove(key);
      return keys.isEmpty() ? null : keys;
    });
  }
}
