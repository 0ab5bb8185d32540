package io.portcullis.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.runtime.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T00:00:00Z"));
  final Clock clock = new Clock() {
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    public Instant instant() {
      return now.get();
    }
  };
  final SessionCache cache = new SessionCache(true, 10, Duration.ofMinutes(5), clock, new SimpleMeterRegistry(), "");
  static final String READER = "subject and extra";

  static SessionCache.Key key(String request) {
    return SessionCache.Key.of(Sha256.digest(request.getBytes(StandardCharsets.UTF_8)));
  }

  void put(String request, String sessionId, String identityId, Instant expiresAt) {
    cache.put(key(request), READER, "read from " + request, sessionId, identityId, expiresAt);
  }

  Object get(String request) {
    return cache.get(key(request), READER);
  }

  @Test
  void untilTrustedNothingIsCachedOrAnswered() {
    put("k", "s1", "i1", now.get().plusSeconds(60));
    assertThat(get("k")).isNull();
    assertThat(cache.untrustedReason()).isNotNull();
  }

  @Test
  void aFullCacheMakesRoomByDroppingExpiredEntriesNobodyAsksForAgain() {
    cache.trust(null);
    for (int i = 0; i < 10; i++) {
      put("old-cookie-" + i, "s" + i, "i1", now.get().plusSeconds(60));
    }
    put("live", "s-live", "i2", now.get().plusSeconds(600));
    assertThat(get("live")).as("full of live entries: refused").isNull();
    cache.put(key("old-cookie-0"), "another reader", "kept", "s0", "i1", now.get().plusSeconds(60));
    assertThat(cache.get(key("old-cookie-0"), "another reader")).as("a reader more for a cached session: no new entry")
        .isEqualTo("kept");
    now.set(now.get().plusSeconds(61));
    put("live", "s-live", "i2", now.get().plusSeconds(600));
    assertThat(get("live")).isNotNull();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void entriesLiveUntilTheSessionExpiresOrTheMaximumLifetime() {
    cache.trust(null);
    put("short", "s1", "i1", now.get().plusSeconds(60));
    put("long", "s2", "i1", now.get().plusSeconds(86_400));
    assertThat(get("short")).isNotNull();
    now.set(now.get().plusSeconds(61));
    assertThat(get("short")).isNull();
    assertThat(get("long")).isNotNull();
    now.set(now.get().plus(Duration.ofMinutes(5)));
    assertThat(get("long")).as("capped by max_lifetime").isNull();
  }

  @Test
  void revocationsEvictBySessionAndByIdentity() {
    cache.trust(null);
    Instant later = now.get().plusSeconds(600);
    put("a", "s1", "i1", later);
    put("b", "s2", "i1", later);
    put("c", "s3", "i2", later);
    assertThat(cache.evictSession("s1")).isEqualTo(1);
    assertThat(get("a")).isNull();
    assertThat(cache.evictIdentity("i1")).isEqualTo(1);
    assertThat(get("b")).isNull();
    assertThat(get("c")).isNotNull();
    assertThat(cache.evictSession("s1")).as("twice is harmless").isZero();
  }

  @Test
  void listenersHearEveryRevocationEvenWhileTheCacheIsNotTrusted() {
    java.util.List<String> heard = new java.util.ArrayList<>();
    cache.onRevocation(new SessionCache.RevocationListener() {
      @Override
      public void sessionRevoked(String sessionId) {
        heard.add("session " + sessionId);
      }

      @Override
      public void identityRevoked(String identityId) {
        heard.add("identity " + identityId);
      }
    });
    cache.evictSession("s1");
    cache.evictIdentity("i1");
    assertThat(heard).containsExactly("session s1", "identity i1");
  }

  @Test
  void anAnswerFetchedBeforeARevocationIsNotCachedAfterIt() {
    // Regression: a miss on its way to the source when the revocation arrived cached the pre-revocation answer.
    cache.trust(null);
    cache.evictSession("s1");
    put("late", "s1", "i1", now.get().plusSeconds(600));
    assertThat(get("late")).isNull();
    cache.evictIdentity("i9");
    put("late2", "s7", "i9", now.get().plusSeconds(600));
    assertThat(get("late2")).isNull();
    put("other", "s2", "i1", now.get().plusSeconds(600));
    assertThat(get("other")).as("another session of the identity is fine").isNotNull();
  }

  @Test
  void losingTrustEmptiesTheCache() {
    cache.trust(null);
    put("a", "s1", "i1", now.get().plusSeconds(600));
    cache.trust("Kafka is not reachable");
    cache.trust(null);
    assertThat(get("a")).as("nothing from before the gap is trusted").isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aHitReturnsWhatItsReaderKeptAndAnotherReaderMisses() {
    cache.trust(null);
    put("k", "s1", "i1", now.get().plusSeconds(600));
    assertThat(get("k")).isEqualTo("read from k");
    assertThat(cache.get(key("k"), "another reader")).as("another reader reads the answer itself").isNull();
    cache.put(key("k"), "another reader", "its reading", "s1", "i1", now.get().plusSeconds(600));
    assertThat(cache.get(key("k"), "another reader")).isEqualTo("its reading");
    assertThat(get("k")).as("kept beside the first").isEqualTo("read from k");
    assertThat(cache.size()).isOne();
    for (int i = 0; i < SessionCache.MAX_READERS; i++) {
      cache.put(key("k"), "reader " + i, i, "s1", "i1", now.get().plusSeconds(600));
    }
    assertThat(get("k")).as("the oldest reader made room").isNull();
    assertThat(cache.get(key("k"), "reader 0")).isEqualTo(0);
    assertThat(cache.evictSession("s1")).isOne();
    assertThat(cache.get(key("k"), "reader 0")).isNull();
  }

  @Test
  void keysAreEqualOnlyWhenTheWholeDigestIs() {
    // Security: a request whose digest shares the first 24 bytes (and so the hash code) with a cached one's is
    // another request, and must not be answered with that session.
    cache.trust(null);
    SessionCache.Key cached = new SessionCache.Key(1, 2, 3, 4);
    cache.put(cached, READER, "alice", "s1", "i1", now.get().plusSeconds(600));
    SessionCache.Key sharedPrefix = new SessionCache.Key(1, 2, 3, 5);
    assertThat(sharedPrefix.hashCode()).isEqualTo(cached.hashCode());
    assertThat(cache.get(sharedPrefix, READER)).isNull();
    assertThat(cache.get(new SessionCache.Key(1, 2, 3, 4), READER)).isEqualTo("alice");
    byte[] digest = Sha256.digest(new byte[] {42});
    assertThat(SessionCache.Key.of(digest)).isEqualTo(SessionCache.Key.of(digest.clone()));
    digest[31] ^= 1;
    assertThat(SessionCache.Key.of(digest)).isNotEqualTo(SessionCache.Key.of(Sha256.digest(new byte[] {42})));
  }

  @Test
  void revocationsByIdEvictEveryEntryOfTheSessionWhateverFormItsIdHas() {
    cache.trust(null);
    String session = "8f2d1c9e-1b7a-4d3e-9c5f-0a1b2c3d4e5f";
    String identity = "0b9e7f6a-5d4c-4b3a-8f2e-1d0c9b8a7f6e";
    put("cookie a", session, identity, now.get().plusSeconds(600));
    put("cookie b", session, identity, now.get().plusSeconds(600));
    put("bearer c", session, identity, now.get().plusSeconds(600));
    put("not a uuid", "session-7", identity, now.get().plusSeconds(600));
    assertThat(SessionCache.id(session)).isInstanceOf(java.util.UUID.class);
    assertThat(SessionCache.id(session.toUpperCase(java.util.Locale.ROOT))).as("only the canonical form is compacted")
        .isInstanceOf(String.class);
    assertThat(cache.evictSession(session)).isEqualTo(3);
    assertThat(get("cookie a")).isNull();
    assertThat(get("bearer c")).isNull();
    assertThat(cache.wasRevoked(session, null)).isTrue();
    put("cookie a", session, identity, now.get().plusSeconds(600));
    assertThat(get("cookie a")).as("a revoked session stays out").isNull();
    assertThat(get("not a uuid")).isNotNull();
    assertThat(cache.evictIdentity(identity)).isOne();
    assertThat(cache.size()).isZero();
    put("d", "s9", "i9", now.get().plusSeconds(600));
    assertThat(cache.evictSession("s9")).as("the index forgot the evicted keys").isOne();
  }

  @Test
  void anEntryThatExpiredIsDroppedFromTheRevocationIndexToo() {
    cache.trust(null);
    put("a", "s1", "i1", now.get().plusSeconds(60));
    put("b", "s1", "i1", now.get().plusSeconds(600));
    now.set(now.get().plusSeconds(61));
    assertThat(get("a")).isNull();
    assertThat(cache.evictSession("s1")).as("only b was left").isOne();
  }

  @Test
  void aDisabledCacheIsNeverTrusted() {
    SessionCache off = SessionCache.disabled();
    off.trust(null);
    assertThat(off.trusted()).isFalse();
  }
}
