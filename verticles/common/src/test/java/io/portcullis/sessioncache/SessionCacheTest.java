package io.portcullis.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

  @Test
  void untilTrustedNothingIsCachedOrAnswered() {
    cache.put("k", new byte[] {1}, "application/json", "s1", "i1", now.get().plusSeconds(60));
    assertThat(cache.get("k")).isNull();
    assertThat(cache.untrustedReason()).isNotNull();
  }

  @Test
  void aFullCacheMakesRoomByDroppingExpiredEntriesNobodyAsksForAgain() {
    cache.trust(null);
    for (int i = 0; i < 10; i++) {
      cache.put("old-cookie-" + i, new byte[] {1}, "application/json", "s" + i, "i1", now.get().plusSeconds(60));
    }
    cache.put("live", new byte[] {1}, "application/json", "s-live", "i2", now.get().plusSeconds(600));
    assertThat(cache.get("live")).as("full of live entries: refused").isNull();
    now.set(now.get().plusSeconds(61));
    cache.put("live", new byte[] {1}, "application/json", "s-live", "i2", now.get().plusSeconds(600));
    assertThat(cache.get("live")).isNotNull();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void entriesLiveUntilTheSessionExpiresOrTheMaximumLifetime() {
    cache.trust(null);
    cache.put("short", new byte[] {1}, "application/json", "s1", "i1", now.get().plusSeconds(60));
    cache.put("long", new byte[] {1}, "application/json", "s2", "i1", now.get().plusSeconds(86_400));
    assertThat(cache.get("short")).isNotNull();
    now.set(now.get().plusSeconds(61));
    assertThat(cache.get("short")).isNull();
    assertThat(cache.get("long")).isNotNull();
    now.set(now.get().plus(Duration.ofMinutes(5)));
    assertThat(cache.get("long")).as("capped by max_lifetime").isNull();
  }

  @Test
  void revocationsEvictBySessionAndByIdentity() {
    cache.trust(null);
    Instant later = now.get().plusSeconds(600);
    cache.put("a", new byte[0], "t", "s1", "i1", later);
    cache.put("b", new byte[0], "t", "s2", "i1", later);
    cache.put("c", new byte[0], "t", "s3", "i2", later);
    assertThat(cache.evictSession("s1")).isEqualTo(1);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.evictIdentity("i1")).isEqualTo(1);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isNotNull();
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
    cache.put("late", new byte[0], "t", "s1", "i1", now.get().plusSeconds(600));
    assertThat(cache.get("late")).isNull();
    cache.evictIdentity("i9");
    cache.put("late2", new byte[0], "t", "s7", "i9", now.get().plusSeconds(600));
    assertThat(cache.get("late2")).isNull();
    cache.put("other", new byte[0], "t", "s2", "i1", now.get().plusSeconds(600));
    assertThat(cache.get("other")).as("another session of the identity is fine").isNotNull();
  }

  @Test
  void losingTrustEmptiesTheCache() {
    cache.trust(null);
    cache.put("a", new byte[0], "t", "s1", "i1", now.get().plusSeconds(600));
    cache.trust("Kafka is not reachable");
    cache.trust(null);
    assertThat(cache.get("a")).as("nothing from before the gap is trusted").isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aDisabledCacheIsNeverTrusted() {
    SessionCache off = SessionCache.disabled();
    off.trust(null);
    assertThat(off.trusted()).isFalse();
  }
}
