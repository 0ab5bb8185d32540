package io.portcullis.pipeline.ratelimit;

/**
 * A request refused by a rate limit.
 *
 * @param reason which limit, for logs and verbose answers
 * @param waitNanos until the bucket would have let it through
 * @param toReport refusals of this key since its last audit event, this one included, when an event is due now
 *     (at most one a second per key); 0 when not
 */
public record RateLimited(String reason, long waitNanos, int toReport) {
  /** The handler name refusals carry in the error chain, the metrics and the audit stream. */
  public static final String HANDLER = "rate_limit";

  /** {@code Retry-After}: whole seconds, rounded up, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  /** The reason as the audit event carries it: with how many requests were refused since the previous event. */
  public String reportedReason() {
    return reason + "; " + toReport + (toReport == 1 ? " request" : " requests")
        + " refused for this key since its previous event";
  }
}
