package io.portcullis.pipeline.ratelimit;

/**
 * The rate limits of one compiled rule, in the order configured; a request must pass every one (a token taken by an
 * earlier limit is spent even when a later one refuses, as with several nginx {@code limit_req}). Limits by client
 * address or for the whole rule are checked before the pipeline runs, so a flood costs no authenticator call; limits
 * by subject once the pipeline has let the request through, when the subject is known.
 */
public final class RuleRateLimits {
  private final RateLimit[] beforePipeline;
  private final RateLimit[] bySubject;

  RuleRateLimits(RateLimit[] beforePipeline, RateLimit[] bySubject) {
    this.beforePipeline = beforePipeline;
    this.bySubject = bySubject;
  }

  /** @return null when let through, else the refusal */
  public RateLimited beforePipeline(String clientAddress) {
    return take(beforePipeline, clientAddress);
  }

  public boolean bySubject() {
    return bySubject.length > 0;
  }

  /** @param subject who the authenticators identified; empty or null share one bucket */
  public RateLimited afterPipeline(String subject) {
    return take(bySubject, subject);
  }

  private static RateLimited take(RateLimit[] limits, String value) {
    if (limits.length == 0) {
      return null;
    }
    long now = System.nanoTime();
    for (RateLimit limit : limits) {
      RateLimited refused = limit.take(value, now);
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }
}
