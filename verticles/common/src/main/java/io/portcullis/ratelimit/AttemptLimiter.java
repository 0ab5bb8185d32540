package io.portcullis.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Attempts per key with exponential back-off and lockout ({@link BackOffPolicy}), in a {@code sharedData()} async
 * map: node-local on a plain Vert.x, cluster-wide with vertx-hazelcast. A key is either counted as its attempts are let
 * through ({@link #attempt}, cleared on success) or checked before and counted on failure ({@link #check},
 * {@link #fail}). Every entry has a time to live, so memory holds only keys that failed within their window (or are
 * locked out).
 *
 * <p>Updates are lock-free compare-and-set. The clustered map cannot replace a value and set its time to live in one
 * step (a Hazelcast replace keeps the entry forever), so an update removes the value it read, if unchanged, and puts
 * the new one with its time to live. Should another member count from nothing in between, its count is added to ours
 * ({@link Attempts#plus}): no attempt is lost.
 */
public final class AttemptLimiter {
  /** Contention past this many rounds fails the update: the caller denies. */
  private static final int MAX_ROUNDS = 64;
  private final Vertx vertx;
  private final String mapName;
  private final BackOffPolicy policy;
  private final Clock clock;

  /**
   * The answer to an attempt, a check or a failure.
   *
   * @param retryAfter zero when the attempt may go (or went) ahead; else how long the key must still wait
   *     ({@link Attempts#UNTIL_LIFTED} for a lockout that lasts until lifted)
   * @param state the key's state afterwards
   * @param lockedOutNow true when this attempt is the one that locked the key out (it is still let through)
   */
  public record Verdict(Duration retryAfter, Attempts state, boolean lockedOutNow) {
    public boolean allowed() {
      return retryAfter.isZero();
    }
  }

  public AttemptLimiter(Vertx vertx, String mapName, BackOffPolicy policy, Clock clock) {
    this.vertx = vertx;
    this.mapName = mapName;
    this.policy = policy;
    this.clock = clock;
  }

  public BackOffPolicy policy() {
    return policy;
  }

  public long nowMs() {
    return clock.millis();
  }

  /**
   * Lets an attempt of {@code key} through and counts it, or refuses it while the key must wait: one atomic step, so
   * attempts sent at once cannot all pass one check.
   */
  public Future<Verdict> attempt(String key) {
    long now = nowMs();
    return map().compose(m -> update(m, key, a -> a.waitAt(now, policy).isZero() ? a.attemptedAt(now, policy) : null,
        now, 0)).map(c -> c.after() == null ? refusal(c.before(), now) : counted(c, now));
  }

  /** Whether an attempt of {@code key} may go ahead now, counting nothing (count its failure with {@link #fail}). */
  public Future<Verdict> check(String key) {
    long now = nowMs();
    return get(key).map(a -> a.waitAt(now, policy).isZero() ? new Verdict(Duration.ZERO, a, false)
        : refusal(a, now));
  }

  /** Counts a failure of {@code key}, whether or not it had to wait. */
  public Future<Verdict> fail(String key) {
    long now = nowMs();
    return map().compose(m -> update(m, key, a -> a.attemptedAt(now, policy), now, 0)).map(c -> counted(c, now));
  }

  private Verdict refusal(Attempts a, long now) {
    return new Verdict(a.waitAt(now, policy), a, false);
  }

  private static Verdict counted(Change c, long now) {
    return new Verdict(Duration.ZERO, c.after(), c.after().lockedAt(now) && !c.before().lockedAt(now));
  }

  /** Forgets {@code key} (a success, or an operator lifting a limit); the state it had, {@code NONE} if none. */
  public Future<Attempts> clear(String key) {
    long now = nowMs();
    return map().compose(m -> m.remove(key)).map(v -> current(v, now));
  }

  /** The state of {@code key} now ({@link Attempts#NONE} when nothing is counted). */
  public Future<Attempts> get(String key) {
    long now = nowMs();
    return map().compose(m -> m.get(key)).map(v -> current(v, now));
  }

  /** Every key with a state that still counts, in no particular order. */
  public Future<Map<String, Attempts>> entries() {
    long now = nowMs();
    return map().compose(AsyncMap::entries).map(all -> {
      Map<String, Attempts> live = new LinkedHashMap<>();
      all.forEach((k, v) -> {
        Attempts a = current(v, now);
        if (a != Attempts.NONE) {
          live.put(k, a);
        }
      });
      return live;
    });
  }

  /** The state before, and after {@code change} (null when it declined to change anything). */
  private record Change(Attempts before, Attempts after) {
  }

  private Future<Change> update(AsyncMap<String, String> m, String key, UnaryOperator<Attempts> change, long now,
      int round) {
    if (round >= MAX_ROUNDS) {
      return Future.failedFuture(new IllegalStateException("attempt counter " + mapName + ": key " + key
          + " still contended after " + MAX_ROUNDS + " rounds"));
    }
    return m.get(key).compose(old -> {
      Attempts before = current(old, now);
      Attempts after = change.apply(before);
      if (after == null) {
        return Future.succeededFuture(new Change(before, null));
      }
      Future<Boolean> removed = old == null ? Future.succeededFuture(true) : m.removeIfPresent(key, old);
      return removed.compose(gone -> {
        if (!gone) {
          return retry(m, key, change, now, round + 1);
        }
        return putNew(m, key, after, now).compose(theirs -> {
          if (theirs == null) {
            return Future.succeededFuture(new Change(before, after));
          }
          if (old == null) {
            return retry(m, key, change, now, round + 1);
          }
          // Another member counted from nothing after our removal: what it counted is added to ours.
          return retry(m, key, counted -> counted.plus(after, policy), now, round + 1)
              .map(merged -> new Change(before, merged.after()));
        });
      });
    });
  }

  /**
   * Another update won this round: tries again after a random pause that grows with the rounds lost (at most 32 ms),
   * so many contenders for one key spread out instead of colliding again.
   */
  private Future<Change> retry(AsyncMap<String, String> m, String key, UnaryOperator<Attempts> change, long now,
      int round) {
    long pauseMs = 1 + ThreadLocalRandom.current().nextLong(2L * Math.min(round, 16));
    return vertx.timer(pauseMs).compose(x -> update(m, key, change, now, round));
  }

  /** Puts {@code a} unless the key exists; the value that was there, null when {@code a} went in. */
  private Future<String> putNew(AsyncMap<String, String> m, String key, Attempts a, long now) {
    long ttl = a.retentionMs(now, policy);
    return ttl == 0 ? m.putIfAbsent(key, a.encode()) : m.putIfAbsent(key, a.encode(), ttl);
  }

  private Attempts current(String stored, long now) {
    Attempts a = Attempts.decode(stored);
    return a.forgottenAt(now, policy) ? Attempts.NONE : a;
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getAsyncMap(mapName);
  }
}
