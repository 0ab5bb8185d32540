package io.portcullis.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limiter over a node-local Vert.x map, on a clock the test moves (no test waits for time to pass). */
class AttemptLimiterTest {
  final AtomicLong nowMs = new AtomicLong(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
  final Clock clock = new Clock() {
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    public Clock withZone(ZoneId zone) {
      return this;
    }

    public Instant instant() {
      return Instant.ofEpochMilli(nowMs.get());
    }
  };
  final Vertx vertx = Vertx.vertx();
  /** Back-off after 3, lockout after 6, 1s doubling up to 5s, a window of 1 minute, lockouts of 1 hour. */
  final BackOffPolicy policy = new BackOffPolicy(3, 6, Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofMinutes(1), Duration.ofHours(1));
  final AttemptLimiter limiter = new AttemptLimiter(vertx, "test.attempts", policy, clock);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void delaysDoubleFromTheThresholdUpToTheCap() {
    assertThat(policy.delayAfter(2)).isZero();
    assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayAfter(6)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delayAfter(500)).isEqualTo(Duration.ofSeconds(5));
    assertThat(new BackOffPolicy(1, 0, Duration.ofDays(1000), Duration.ofDays(3650), Duration.ofHours(1),
        Duration.ZERO).delayAfter(70)).as("no overflow").isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void attemptsPastTheThresholdWaitAndTheLockoutHoldsUntilCleared() {
    for (int i = 1; i <= 3; i++) {
      assertThat(limiter.attempt("k").await().allowed()).as("attempt " + i).isTrue();
    }
    AttemptLimiter.Verdict refused = limiter.attempt("k").await();
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(refused.state().failures()).as("a refused attempt is not counted").isEqualTo(3);
    assertThat(Attempts.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);

    nowMs.addAndGet(1000);
    assertThat(limiter.attempt("k").await().allowed()).isTrue();
    assertThat(limiter.attempt("k").await().retryAfter()).isEqualTo(Duration.ofSeconds(2));
    nowMs.addAndGet(2000);
    assertThat(limiter.attempt("k").await().allowed()).isTrue();
    nowMs.addAndGet(4000);
    AttemptLimiter.Verdict sixth = limiter.attempt("k").await();
    assertThat(sixth.allowed()).as("the attempt that reaches the lockout still runs").isTrue();
    assertThat(sixth.lockedOutNow()).isTrue();

    nowMs.addAndGet(Duration.ofMinutes(30).toMillis());
    AttemptLimiter.Verdict locked = limiter.attempt("k").await();
    assertThat(locked.allowed()).isFalse();
    assertThat(locked.state().lockedAt(nowMs.get())).isTrue();
    assertThat(locked.retryAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(limiter.entries().await()).containsOnlyKeys("k");

    assertThat(limiter.clear("k").await().failures()).isEqualTo(6);
    assertThat(limiter.attempt("k").await().allowed()).isTrue();
    assertThat(limiter.get("k").await().failures()).isEqualTo(1);
  }

  @Test
  void aCheckCountsNothingAndAKeyIsForgottenAWindowAfterItsLastFailure() {
    limiter.fail("a").await();
    limiter.fail("a").await();
    assertThat(limiter.check("a").await().allowed()).isTrue();
    limiter.fail("a").await();
    AttemptLimiter.Verdict waiting = limiter.check("a").await();
    assertThat(waiting.allowed()).isFalse();
    assertThat(waiting.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.fail("a").await().state().failures()).as("a failure counts even while waiting").isEqualTo(4);
    nowMs.addAndGet(Duration.ofMinutes(1).toMillis());
    assertThat(limiter.get("a").await()).isSameAs(Attempts.NONE);
    assertThat(limiter.entries().await()).isEmpty();
    assertThat(limiter.check("a").await().allowed()).isTrue();
  }

  @Test
  void aLockoutOfZeroLastsUntilLifted() {
    AttemptLimiter forever = new AttemptLimiter(vertx, "test.forever", new BackOffPolicy(10, 2, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO), clock);
    forever.attempt("k").await();
    forever.attempt("k").await();
    nowMs.addAndGet(Duration.ofDays(400).toMillis());
    AttemptLimiter.Verdict v = forever.attempt("k").await();
    assertThat(v.retryAfter()).isEqualTo(Attempts.UNTIL_LIFTED);
    assertThat(Attempts.retryAfterSeconds(v.retryAfter())).isNull();
  }

  @Test
  void concurrentAttemptsAreEachCountedOnce() {
    AttemptLimiter wide = new AttemptLimiter(vertx, "test.wide", new BackOffPolicy(1000, 0, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO), clock);
    // Started together on the event loop, so their reads and writes interleave.
    Future<?> all = Future.future(done -> vertx.runOnContext(x -> {
      List<Future<AttemptLimiter.Verdict>> each = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        each.add(wide.attempt("k").map(v -> {
          assertThat(v.allowed()).isTrue();
          return v;
        }));
      }
      Future.all(each).onComplete(r -> done.handle(r.mapEmpty()));
    }));
    all.await();
    assertThat(wide.get("k").await().failures()).isEqualTo(200);
  }
}
