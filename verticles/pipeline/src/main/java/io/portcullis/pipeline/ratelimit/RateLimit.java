package io.portcullis.pipeline.ratelimit;

import io.portcullis.config.PortcullisConfig;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One configured rate as it applies to one rule: a single bucket ({@code key: rule}) or one per client address or
 * subject. Keyed buckets are bounded: idle ones (full again, so dropping them changes nothing) are swept every
 * {@value #SWEEP_SECONDS} s by the request that finds a sweep due, and at once when {@code max_keys} is reached; a new
 * key that still finds no room is refused, as nginx does when its zone is full. Shared by every event loop of the node.
 */
final class RateLimit {
  static final long SWEEP_SECONDS = 10;
  private static final long SWEEP_NANOS = SWEEP_SECONDS * 1_000_000_000L;
  /** A full table is swept again at most this often, so a flood of new keys costs one sweep a second. */
  private static final long FULL_SWEEP_NANOS = 1_000_000_000L;

  enum Key { CLIENT_ADDRESS, SUBJECT, RULE }

  final Key key;
  final String description;
  private final long interval;
  private final long capacity;
  private final int maxKeys;
  private final Bucket single;
  /** Counts the refusals of new keys while the table is full, for their coalesced audit events. */
  private final Bucket overflow;
  private final ConcurrentHashMap<String, Bucket> buckets;
  private final AtomicLong lastSweep;

  /** @param now {@link System#nanoTime()} */
  RateLimit(PortcullisConfig.RateLimit config, String field, long now) {
    this.key = Key.valueOf(config.key().toUpperCase(Locale.ROOT));
    this.interval = Math.max(1, Math.round(1e9 / config.requestsPerSecond()));
    this.capacity = interval * config.burst();
    this.maxKeys = config.maxKeys();
    this.single = key == Key.RULE ? new Bucket(now) : null;
    this.overflow = new Bucket(now);
    this.buckets = key == Key.RULE ? null : new ConcurrentHashMap<>();
    this.lastSweep = new AtomicLong(now);
    this.description = "more than " + rate(config.requestsPerSecond())
        + (config.requestsPerSecond() == 1 ? " request" : " requests") + " per second (burst "
        + config.burst() + ")" + (key == Key.RULE ? "" : " by " + config.key().replace('_', ' ')) + " (" + field
        + ")";
  }

  /**
   * @param value the client address or subject; ignored for {@code key: rule}
   * @return null when let through (no allocation), else the refusal
   */
  RateLimited take(String value, long now) {
    Bucket b = single != null ? single : bucket(value == null ? "" : value, now);
    if (b == null) {
      return new RateLimited(description + "; no room for another " + key.name().toLowerCase(Locale.ROOT)
          .replace('_', ' '), FULL_SWEEP_NANOS, overflow.refusedReport(now));
    }
    long wait = b.take(now, interval, capacity);
    return wait == 0 ? null : new RateLimited(description, wait, b.refusedReport(now));
  }

  private Bucket bucket(String value, long now) {
    sweepIfDue(now, SWEEP_NANOS);
    Bucket b = buckets.get(value);
    if (b != null) {
      return b;
    }
    if (buckets.size() >= maxKeys && (!sweepIfDue(now, FULL_SWEEP_NANOS) || buckets.size() >= maxKeys)) {
      return null;
    }
    return buckets.computeIfAbsent(value, v -> new Bucket(now));
  }

  /** Sweeps when the last sweep is {@code after} old; one caller sweeps, the others go on. */
  private boolean sweepIfDue(long now, long after) {
    long last = lastSweep.get();
    if (now - last < after || !lastSweep.compareAndSet(last, now)) {
      return false;
    }
    // A request that fetched a bucket just before it was dropped spends its token there: its key may, that once, get
    // one request more than the burst.
    buckets.entrySet().removeIf(e -> e.getValue().idle(now));
    return true;
  }

  private static String rate(double perSecond) {
    return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
  }
}
