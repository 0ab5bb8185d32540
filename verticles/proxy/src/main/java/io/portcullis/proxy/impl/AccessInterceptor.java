package io.portcullis.proxy.impl;

import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.UpstreamTarget;
import io.portcullis.pipeline.errors.ErrorResponse;
import io.portcullis.pipeline.errors.JsonError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The proxy's only interceptor: decides through the {@link AccessGate}, answers refusals itself and, for granted
 * requests, rewrites headers, URI and authority before the request goes upstream. Registered for WebSocket upgrades
 * too, so an upgrade is decided like any request.
 */
public final class AccessInterceptor implements ProxyInterceptor {
  /** Context key under which the chosen upstream travels to the origin provider. */
  public static final String UPSTREAM = "portcullis.upstream";
  private static final String STATE = "portcullis.state";

  private final AccessGate gate;
  private final Supplier<CompiledRuleSet> ruleset;
  private final boolean trustForwarded;
  private final ProxyMetrics metrics;
  private final CorsPolicy cors;

  public AccessInterceptor(AccessGate gate, Supplier<CompiledRuleSet> ruleset, boolean trustForwarded,
      ProxyMetrics metrics, CorsPolicy cors) {
    this.gate = gate;
    this.ruleset = ruleset;
    this.trustForwarded = trustForwarded;
    this.metrics = metrics;
    this.cors = cors;
  }

  /** What the response side needs to know about the request. */
  private record State(long start, String ruleId, String origin) {
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    ProxyRequest request = ctx.request();
    HttpServerRequest in = request.proxiedRequest();
    long start = System.nanoTime();
    String peer = in.remoteAddress() == null ? "" : in.remoteAddress().hostAddress();
    String scheme = scheme(in);
    HostAndPort authority = in.authority();
    String host = authority == null ? "" : authority.toString();
    String remote = trustForwarded ? ForwardedFor.clientOf(in.getHeader("X-Forwarded-For"), peer) : peer;
    Promise<ProxyResponse> promise = Promise.promise();
    gate.decide(ruleset.get(), request.getMethod().name(), scheme, host, in.uri(), in.headers(), remote, verdict -> {
      if (verdict instanceof Verdict.Refused refused) {
        metrics.record(refused.ruleId(), refused.decision(), refused.response().status(), start);
        promise.complete(refusal(request, refused.response(), in.getHeader("Origin")));
        return;
      }
      Verdict.Granted granted = (Verdict.Granted) verdict;
      CompiledRule rule = granted.rule();
      UpstreamTarget upstream = rule.upstream();
      if (upstream == null) {
        metrics.record(rule.id(), ProxyMetrics.ERROR, 500, start);
        promise.complete(refusal(request, rule.errors().respond(granted.request(),
            io.portcullis.pipeline.errors.PipelineFailure.internal(
                "rule " + rule.id() + " has no upstream.url; it can only be used through /decisions", null)),
            in.getHeader("Origin")));
        return;
      }
      Map<String, String> mutated = granted.session().headers();
      UpstreamHeaders.prepare(request.headers(), trustForwarded, ctx.isWebSocket(), peer, scheme, host, mutated);
      request.setURI(upstream.requestUri(granted.request().url().forwardPath(), granted.request().url().rawQuery()));
      if (upstream.preserveHost() && authority != null) {
        request.setAuthority(authority);
      }
      ctx.set(UPSTREAM, upstream);
      ctx.set(STATE, new State(start, rule.id(), in.getHeader("Origin")));
      ctx.sendRequest()
          .recover(err -> {
            metrics.record(rule.id(), ProxyMetrics.ERROR, 502, start);
            ctx.set(STATE, null);
            return Future.succeededFuture(refusal(request, JsonError.response(502, null, false), null));
          })
          .onComplete(promise);
    });
    return promise.future();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext ctx) {
    State state = ctx.get(STATE, State.class);
    if (state != null) {
      metrics.record(state.ruleId(), ProxyMetrics.GRANTED, ctx.response().getStatusCode(), state.start());
      if (cors.enabled()) {
        cors.decorate(state.origin(), ctx.response().headers());
      }
    }
    return ctx.sendResponse();
  }

  private ProxyResponse refusal(ProxyRequest request, ErrorResponse error, String origin) {
    ProxyResponse response = request.release().response().setStatusCode(error.status());
    response.headers().clear();
    error.headers().forEach(response.headers()::set);
    response.headers().set("Cache-Control", "no-store");
    if (cors.enabled()) {
      cors.decorate(origin, response.headers());
    }
    response.headers().set("Content-Type", error.contentType());
    response.setBody(Body.body(Buffer.buffer(error.body())));
    return response;
  }

  private String scheme(HttpServerRequest in) {
    if (trustForwarded) {
      String proto = in.getHeader("X-Forwarded-Proto");
      if ("https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)) {
        return proto.toLowerCase();
      }
    }
    return in.isSSL() ? "https" : "http";
  }
}
