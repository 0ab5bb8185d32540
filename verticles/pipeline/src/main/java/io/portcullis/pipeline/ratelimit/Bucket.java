package io.portcullis.pipeline.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The token bucket of one key, kept as a single "theoretical arrival time" (the generic cell rate algorithm, which
 * is a token bucket written as one number): a request is let through if, with one more interval added, that time is
 * no further ahead of now than the burst allows. Lock-free (one compare-and-set per request) and allocation-free, so
 * every event loop of the node can share it. Also counts refusals for the coalesced audit events.
 */
final class Bucket {
  /** At most one audit event per bucket in this time (docs/events.md). */
  static final long REPORT_NANOS = 1_000_000_000L;

  private static final VarHandle TAT;
  private static final VarHandle REPORTED;
  private static final VarHandle REFUSED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAT = lookup.findVarHandle(Bucket.class, "tat", long.class);
      REPORTED = lookup.findVarHandle(Bucket.class, "reported", long.class);
      REFUSED = lookup.findVarHandle(Bucket.class, "refused", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@link System#nanoTime()} by which the bucket is full again; at or before now it is full (idle). */
  private volatile long tat;
  private volatile long reported;
  private volatile int refused;

  Bucket(long now) {
    this.tat = now;
    this.reported = now - REPORT_NANOS;
  }

  /**
   * Takes one token.
   *
   * @param interval nanoseconds per token (1 s / rate)
   * @param capacity nanoseconds the bucket holds (burst x interval)
   * @return 0 when let through, else how many nanoseconds until a token is there
   */
  long take(long now, long interval, long capacity) {
    while (true) {
      long current = tat;
      long next = (current - now > 0 ? current : now) + interval;
      long wait = next - now - capacity;
      if (wait > 0) {
        return wait;
      }
      if (TAT.compareAndSet(this, current, next)) {
        return 0;
      }
    }
  }

  /** Full again: dropping it changes nothing. */
  boolean idle(long now) {
    return tat - now <= 0;
  }

  /**
   * Counts one refusal.
   *
   * @return the refusals since the last report, this one included, when a report is due now; else 0
   */
  int refusedReport(long now) {
    REFUSED.getAndAdd(this, 1);
    long last = reported;
    if (now - last < REPORT_NANOS || !REPORTED.compareAndSet(this, last, now)) {
      return 0;
    }
    return (int) REFUSED.getAndSet(this, 0);
  }
}
