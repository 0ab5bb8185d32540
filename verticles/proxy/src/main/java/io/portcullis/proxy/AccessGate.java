package io.portcullis.proxy;

import io.portcullis.node.NodeServices;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.PipelineExecutor;
import io.portcullis.pipeline.errors.JsonError;
import io.portcullis.pipeline.errors.PipelineFailure;
import io.portcullis.pipeline.ratelimit.RateLimited;
import io.portcullis.pipeline.ratelimit.RuleRateLimits;
import io.portcullis.rules.match.RuleMatchResult;
import io.portcullis.rules.url.EncodedSlashPolicy;
import io.portcullis.rules.url.InvalidRequestUrlException;
import io.portcullis.rules.url.RequestUrl;
import io.portcullis.rules.url.UrlNormalizer;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ErrorResponse;
import io.portcullis.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The decision shared by the proxy and {@code /decisions}: normalize the URL, match a rule, apply its rate limits,
 * run its pipeline. It never forwards anything itself, so both surfaces decide exactly alike.
 */
public final class AccessGate {
  private final UrlNormalizer normalizer;
  private final PipelineExecutor executor;
  private final io.portcullis.runtime.AuditGate audit;
  private final Tracing tracing;

  public AccessGate(Vertx vertx, NodeServices services, AccessPipeline pipeline) {
    this.normalizer = new UrlNormalizer(
        EncodedSlashPolicy.valueOf(services.config().portcullis().proxy().encodedSlash().toUpperCase()));
    this.audit = services.audit();
    this.tracing = services.tracing();
    this.executor = pipeline.executor(vertx, services.config(), services.tracing());
  }

  /**
   * Decides one request.
   *
   * @param requestTarget the path and query as received (origin-form)
   * @param remote the client address used for {@code when.request.remote_ip} and audit
   * @param client the client address rate limits by {@code client_address} count
   */
  public void decide(CompiledRuleSet set, String method, String scheme, String authority, String requestTarget,
      MultiMap headers, String remote, String client, Consumer<Verdict> done) {
    if (audit.refusing()) {
      done.accept(new Verdict.Refused(null, Decision.ERROR,
          JsonError.response(503, "the audit log cannot keep more events; requests are refused until it can", true),
          null, null, null));
      return;
    }
    if (set == null) {
      done.accept(new Verdict.Refused(null, Decision.ERROR,
          JsonError.response(503, "no rule set is loaded yet", true), null, null, null));
      return;
    }
    RequestUrl url;
    Span matching = tracing.start("match rule");
    try {
      url = normalizer.normalize(scheme, authority, requestTarget);
    } catch (InvalidRequestUrlException e) {
      Tracing.end(matching, Decision.BAD_REQUEST.label());
      done.accept(new Verdict.Refused(null, Decision.BAD_REQUEST, JsonError.response(400, e.getMessage(), true),
          null, null, null));
      return;
    }
    RuleMatchResult<CompiledRule> match = set.index().match(method, url);
    if (match == null) {
      Tracing.end(matching, Decision.NO_RULE.label());
      done.accept(new Verdict.Refused(null, Decision.NO_RULE, JsonError.response(404, null, false), url, null,
          null));
      return;
    }
    CompiledRule rule = match.payload();
    if (matching != null) {
      matching.setAttribute(Tracing.RULE_ID, rule.id());
      Tracing.end(matching, "matched");
    }
    HttpAccessRequest request = new HttpAccessRequest(method, url, headers, remote, match.captureGroups(),
        rule.id());
    RuleRateLimits limits = rule.rateLimits();
    if (limits != null) {
      RateLimited limited = limits.beforePipeline(client);
      if (limited != null) {
        done.accept(rateLimited(rule, request, limited, null));
        return;
      }
    }
    AuthSession session = new AuthSession();
    executor.run(rule, request, session, failure -> {
      if (failure == null) {
        RateLimited limited = limits != null && limits.bySubject() ? limits.afterPipeline(session.subject()) : null;
        done.accept(limited == null ? new Verdict.Granted(rule, request, session)
            : rateLimited(rule, request, limited, session.subject()));
      } else {
        ErrorResponse response = rule.errors().respond(request, failure);
        done.accept(new Verdict.Refused(rule, failure.status() >= 500 ? Decision.ERROR : Decision.DENIED,
            response, url, failure, session.subject()));
      }
    });
  }

  /**
   * A 429 answered as the rule's error handlers answer any refusal ({@code when.error: [too_many_requests]} selects
   * them), with {@code Retry-After} added whatever they answer: RFC 9110 gives it a meaning on redirects too.
   */
  private static Verdict.Refused rateLimited(CompiledRule rule, HttpAccessRequest request, RateLimited limited,
      String subject) {
    PipelineFailure failure = new PipelineFailure(429, limited.reason(), RateLimited.HANDLER);
    ErrorResponse answer = rule.errors().respond(request, failure);
    Map<String, String> headers = new HashMap<>(answer.headers());
    headers.put("Retry-After", Long.toString(limited.retryAfterSeconds()));
    boolean report = limited.toReport() > 0;
    return new Verdict.Refused(rule, Decision.RATE_LIMITED,
        new ErrorResponse(answer.status(), headers, answer.contentType(), answer.body()), request.url(),
        report ? new PipelineFailure(429, limited.reportedReason(), RateLimited.HANDLER) : failure, subject, report);
  }
}
