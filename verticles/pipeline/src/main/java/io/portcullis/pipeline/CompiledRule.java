package io.portcullis.pipeline;

import io.portcullis.pipeline.errors.ErrorChain;
import io.portcullis.pipeline.host.HandlerMeters;
import io.portcullis.pipeline.ratelimit.RuleRateLimits;
import io.portcullis.rules.AccessRule;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.Authorizer;
import io.portcullis.spi.Mutator;
import java.util.List;

/**
 * A rule ready to run: its handlers created and validated once, its upstream parsed, its rate limits bound.
 * Immutable and shared by every event loop.
 *
 * @param rateLimits the {@code portcullis.proxy.rate_limits} that apply to it, or null (no lookup per request)
 */
public record CompiledRule(
    AccessRule rule,
    List<Step<Authenticator>> authenticators,
    Step<Authorizer> authorizer,
    List<Step<Mutator>> mutators,
    ErrorChain errors,
    UpstreamTarget upstream,
    RuleRateLimits rateLimits) {

  /** A handler with the id it was created under and the meters that wrap its calls. */
  public record Step<T>(String id, T handler, HandlerMeters meters) {
  }

  public String id() {
    return rule.id();
  }
}
