package io.portcullis.ratelimit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What is known of one key: its attempts counted ({@code failures}), when the last one was, and until when it is
 * locked out ({@code lockedUntilMs}: 0 when it is not, {@link Long#MAX_VALUE} until it is lifted). Kept as a short string in
 * the shared map, so any cluster member reads it without shared classes.
 */
public record Attempts(int failures, long lastFailureMs, long lockedUntilMs) {
  public static final Attempts NONE = new Attempts(0, 0, 0);
  /** The wait of a lockout that lasts until it is lifted. */
  public static final Duration UNTIL_LIFTED = ChronoUnit.FOREVER.getDuration();

  /**
   * {@code wait} as a {@code Retry-After} header gives it, in whole seconds rounded up (a client that waits exactly
   * that long is let through); null for {@link #UNTIL_LIFTED}.
   */
  public static Long retryAfterSeconds(Duration wait) {
    return wait.equals(UNTIL_LIFTED) ? null : Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  /** This state after one more attempt at {@code nowMs}; the attempt that reaches the lockout locks the key out. */
  Attempts attemptedAt(long nowMs, BackOffPolicy policy) {
    return withFailures(failures + 1, Math.max(lastFailureMs, nowMs), policy);
  }

  /**
   * This state with the failures of {@code later} added: {@code later} was counted from nothing while this one was
   * being replaced, so both hold failures the other has not seen.
   */
  Attempts plus(Attempts later, BackOffPolicy policy) {
    Attempts sum = withFailures(failures + later.failures, Math.max(lastFailureMs, later.lastFailureMs), policy);
    return new Attempts(sum.failures, sum.lastFailureMs, Math.max(sum.lockedUntilMs, later.lockedUntilMs));
  }

  private Attempts withFailures(int n, long lastMs, BackOffPolicy policy) {
    long locked = lockedUntilMs;
    if (locked == 0 && policy.locksOut(n)) {
      long d = policy.lockoutDuration().toMillis();
      locked = d == 0 ? Long.MAX_VALUE : lastMs + d;
    }
    return new Attempts(n, lastMs, locked);
  }

  public boolean lockedAt(long nowMs) {
    return lockedUntilMs != 0 && nowMs < lockedUntilMs;
  }

  /** How long an attempt at {@code nowMs} must still wait; zero when it may go ahead. */
  public Duration waitAt(long nowMs, BackOffPolicy policy) {
    if (lockedAt(nowMs)) {
      return lockedUntilMs == Long.MAX_VALUE ? UNTIL_LIFTED : Duration.ofMillis(lockedUntilMs - nowMs);
    }
    long delay = policy.delayAfter(failures).toMillis();
    // Below the threshold nothing waits, even when another attempt (or member) stamped a later time than ours.
    long retryAt = lastFailureMs + delay;
    return delay == 0 || nowMs >= retryAt ? Duration.ZERO : Duration.ofMillis(retryAt - nowMs);
  }

  /**
   * How long the entry must be kept after {@code nowMs}: while it is locked out, else while it makes attempts wait or
   * its window runs; 0 means forever (a lockout until lifted).
   */
  long retentionMs(long nowMs, BackOffPolicy policy) {
    return lockedUntilMs == Long.MAX_VALUE ? 0 : Math.max(1, keptUntilMs(policy) - nowMs);
  }

  /** True when nothing of it matters any more at {@code nowMs}: no lockout holds and its window passed. */
  boolean forgottenAt(long nowMs, BackOffPolicy policy) {
    return !lockedAt(nowMs) && nowMs >= keptUntilMs(policy);
  }

  private long keptUntilMs(BackOffPolicy policy) {
    return Math.max(lockedUntilMs, lastFailureMs + Math.max(policy.window().toMillis(),
        policy.delayAfter(failures).toMillis()));
  }

  String encode() {
    return failures + ":" + lastFailureMs + ":" + lockedUntilMs;
  }

  static Attempts decode(String s) {
    if (s == null) {
      return NONE;
    }
    String[] p = s.split(":", 3);
    return new Attempts(Integer.parseInt(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
  }
}
