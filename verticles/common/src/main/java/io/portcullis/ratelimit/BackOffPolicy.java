package io.portcullis.ratelimit;

import java.time.Duration;

/**
 * When failed attempts of one key make it wait, and when they lock it out.
 *
 * @param backOffAfter failures after which each further attempt waits: {@code base * 2^(failures - backOffAfter)},
 *     at most {@code maxDelay}, counted from the last failure
 * @param lockoutAfter failures that lock the key out for {@code lockoutDuration}; 0 never locks out
 * @param window how long after its last failure a key's count is forgotten
 * @param lockoutDuration how long a lockout lasts unless lifted earlier; zero lasts until it is lifted
 */
public record BackOffPolicy(int backOffAfter, int lockoutAfter, Duration base, Duration maxDelay, Duration window,
    Duration lockoutDuration) {

  /** How long an attempt must wait after the last of {@code failures} failures (zero: it need not). */
  public Duration delayAfter(int failures) {
    if (failures < backOffAfter) {
      return Duration.ZERO;
    }
    int doublings = failures - backOffAfter;
    long maxMs = maxDelay.toMillis();
    // Past 62 doublings the shift overflows; the cap has long been reached by then.
    long ms = doublings >= 62 ? maxMs : Math.min(maxMs, multiplyCapped(base.toMillis(), 1L << doublings, maxMs));
    return Duration.ofMillis(ms);
  }

  /** True when {@code failures} reach the lockout. */
  public boolean locksOut(int failures) {
    return lockoutAfter > 0 && failures >= lockoutAfter;
  }

  private static long multiplyCapped(long a, long b, long cap) {
    return a != 0 && b > cap / a ? cap : a * b;
  }
}
