package io.portcullis.sessioncache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's session cache, shared by every proxy event loop: successful session checks by the hash of the check
 * request (credentials included), indexed by session id and identity id so a revocation evicts them. An entry lives
 * until the session expires or {@code maxLifetime} passes, whichever is first.
 *
 * <p>An edge node holds one entry per live session, so an entry is kept small (about 0.6 KB with what
 * {@code cookie_session} reads, against 2.2 KB when it held the whoami answer and its parsed copies): the key is the
 * request's 32-byte digest in four longs, ids that are UUIDs are kept as {@link UUID}s, the expiry as epoch
 * milliseconds, and what is kept for the session is what its readers read from the answer
 * ({@link io.portcullis.spi.SessionChecker.Reader}), not the answer, unless a handler asked for the answer itself.
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

  /**
   * What an entry is found by: a SHA-256 of the check request, all 32 bytes of it, so two requests share an entry only
   * if their digests are equal in full (a shared prefix, or a shared hash code, is not enough). The credentials
   * themselves are never kept.
   */
  public static final class Key {
    private final long a;
    private final long b;
    private final long c;
    private final long d;

    Key(long a, long b, long c, long d) {
      this.a = a;
      this.b = b;
      this.c = c;
      this.d = d;
    }

    /** @param sha256 a 32-byte digest */
    public static Key of(byte[] sha256) {
      if (sha256.length != 32) {
        throw new IllegalArgumentException("a session cache key is a 32-byte SHA-256, got " + sha256.length + " bytes");
      }
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(sha256);
      return new Key(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.a == a && k.b == b && k.c == c && k.d == d;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(a);
    }
  }

  /** Most readers kept for one session; a further one replaces the oldest (rules reading it differently are rare). */
  static final int MAX_READERS = 4;

  /**
   * One cached session: until when (epoch ms), its session and identity ids ({@link #id}), and what is kept for it:
   * reader, value, reader, value... (copied on change: an entry is never modified).
   */
  private record Entry(long expiresAt, Object sessionId, Object identityId, Object[] answers) {
    Object answer(Object reader) {
      for (int i = 0; i < answers.length; i += 2) {
        if (answers[i].equals(reader)) {
          return answers[i + 1];
        }
      }
      return null;
    }

    Entry with(Object reader, Object value) {
      Object[] kept = answers;
      for (int i = 0; i < kept.length; i += 2) {
        if (kept[i].equals(reader)) {
          kept = kept.clone();
          kept[i + 1] = value;
          return new Entry(expiresAt, sessionId, identityId, kept);
        }
      }
      int from = kept.length >= 2 * MAX_READERS ? 2 : 0;
      Object[] more = Arrays.copyOfRange(kept, from, kept.length + 2);
      more[more.length - 2] = reader;
      more[more.length - 1] = value;
      return new Entry(expiresAt, sessionId, identityId, more);
    }
  }

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  /** Session id, identity id ({@link #id}) to the key of its entry, or a {@code Key[]} when it has several. */
  private final Map<Object, Object> bySession = new ConcurrentHashMap<>();
  private final Map<Object, Object> byIdentity = new ConcurrentHashMap<>();
  /**
   * Sessions and identities revoked recently (until {@code maxLifetime} after the revocation): a check that was
   * already on its way to the source when the revocation arrived must not put the answer it got before the revocation
   * into the cache. A revoked session never becomes valid again, so refusing it is always right.
   */
  private final Map<Object, Instant> revokedSessions = new ConcurrentHashMap<>();
  private final Map<Object, Instant> revokedIdentities = new ConcurrentHashMap<>();
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

  /** What {@code reader} kept for the live session of {@code key}, if trusted; null for a miss. */
  public Object get(Key key, Object reader) {
    if (!trusted()) {
      return null;
    }
    Entry e = entries.get(key);
    if (e != null && e.expiresAt() <= clock.millis()) {
      remove(key);
      e = null;
    }
    Object value = e == null ? null : e.answer(reader);
    (value == null ? misses : hits).increment();
    return value;
  }

  /**
   * Keeps what {@code reader} read from a session answer (non-null) until the session expires, at most
   * {@code maxLifetime}; beside what other readers read from it.
   */
  public void put(Key key, Object reader, Object value, String sessionId, String identityId,
      Instant sessionExpiresAt) {
    Object session = id(sessionId);
    Object identity = id(identityId);
    if (!trusted() || revokedSessions.containsKey(session) || revokedIdentities.containsKey(identity)) {
      return;
    }
    if (!entries.containsKey(key) && entries.size() >= maxEntries
        && (sweepExpired() == 0 || entries.size() >= maxEntries)) {
      return;
    }
    Instant cap = clock.instant().plus(maxLifetime);
    long until = (sessionExpiresAt == null || sessionExpiresAt.isAfter(cap) ? cap : sessionExpiresAt).toEpochMilli();
    Entry before = entries.get(key);
    if (before != null && before.sessionId().equals(session) && before.identityId().equals(identity)) {
      entries.computeIfPresent(key, (k, e) -> e.with(reader, value));
      return;
    }
    if (before != null) {
      remove(key);
    }
    entries.put(key, new Entry(until, session, identity, new Object[] {reader, value}));
    index(bySession, session, key);
    index(byIdentity, identity, key);
  }

  /** True when the session, or every session of the identity, was revoked recently (either may be null). */
  public boolean wasRevoked(String sessionId, String identityId) {
    return (sessionId != null && revokedSessions.containsKey(id(sessionId)))
        || (identityId != null && revokedIdentities.containsKey(id(identityId)));
  }

  /** Adds a listener told of every revocation from now on. */
  public void onRevocation(RevocationListener listener) {
    listeners.add(listener);
  }

  /** Evicts every entry of a revoked session, and keeps it out; returns how many entries went. */
  public int evictSession(String sessionId) {
    Object id = id(sessionId);
    remember(revokedSessions, id);
    int n = evict(bySession.remove(id));
    listeners.forEach(l -> l.sessionRevoked(sessionId));
    return n;
  }

  /** Evicts every entry of a deleted or deactivated identity's sessions, and keeps them out; returns how many. */
  public int evictIdentity(String identityId) {
    Object id = id(identityId);
    remember(revokedIdentities, id);
    int n = evict(byIdentity.remove(id));
    listeners.forEach(l -> l.identityRevoked(identityId));
    return n;
  }

  private void remember(Map<Object, Instant> revoked, Object id) {
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
   * A session or identity id as the cache keeps it: a UUID in its canonical form (Kratos' ids) as a {@link UUID}
   * (32 bytes instead of about 80), anything else as it is.
   */
  static Object id(String id) {
    if (id == null || id.length() != 36) {
      return id;
    }
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equals(id) ? uuid : id;
    } catch (IllegalArgumentException notAUuid) {
      return id;
    }
  }

  /**
   * Removes expired entries; runs only when the cache is full, at most once a second. Without it, entries whose key
   * is never asked again (a cookie header that changed) would stay until the cache refused every new session.
   */
  private int sweepExpired() {
    long now = clock.millis();
    long last = lastSweep;
    if (now - last < 1_000) {
      return 0;
    }
    lastSweep = now;
    int n = 0;
    for (Map.Entry<Key, Entry> e : entries.entrySet()) {
      if (e.getValue().expiresAt() <= now && remove(e.getKey()) != null) {
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

  /** Removes the entries of the keys an index held: a {@link Key}, a {@code Key[]} or null. */
  private int evict(Object keys) {
    int n = 0;
    if (keys instanceof Key key) {
      n = remove(key) != null ? 1 : 0;
    } else if (keys instanceof Key[] several) {
      for (Key k : several) {
        if (remove(k) != null) {
          n++;
        }
      }
    }
    evictions.increment(n);
    return n;
  }

  private Entry remove(Key key) {
    Entry e = entries.remove(key);
    if (e != null) {
      unindex(bySession, e.sessionId(), key);
      unindex(byIdentity, e.identityId(), key);
    }
    return e;
  }

  /** Adds {@code key} to what {@code id} indexes: one key alone, several in an array (most sessions have one). */
  private static void index(Map<Object, Object> index, Object id, Key key) {
    index.merge(id, key, (held, added) -> {
      if (held instanceof Key one) {
        return one.equals(key) ? one : new Key[] {one, key};
      }
      Key[] several = (Key[]) held;
      if (Arrays.asList(several).contains(key)) {
        return several;
      }
      Key[] more = Arrays.copyOf(several, several.length + 1);
      more[several.length] = key;
      return more;
    });
  }

  /** Drops {@code key} from what {@code id} indexes, and the id once nothing is left. */
  private static void unindex(Map<Object, Object> index, Object id, Key key) {
    index.computeIfPresent(id, (k, held) -> {
      if (held instanceof Key one) {
        return one.equals(key) ? null : one;
      }
      Key[] rest = Arrays.stream((Key[]) held).filter(x -> !x.equals(key)).toArray(Key[]::new);
      return rest.length == 0 ? null : rest.length == 1 ? rest[0] : rest;
    });
  }
}
