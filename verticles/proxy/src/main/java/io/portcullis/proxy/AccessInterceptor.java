package io.portcullis.proxy;

import io.portcullis.proxy.impl.ForwardedFor;
import io.portcullis.proxy.impl.Forwarder;
import io.portcullis.proxy.impl.UpstreamHeaders;
import io.portcullis.runtime.CorsPolicy;
import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.UpstreamTarget;
import io.portcullis.pipeline.errors.ErrorResponse;
import io.portcullis.pipeline.errors.JsonError;
import io.portcullis.pipeline.errors.PipelineFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The proxy's front door. Every request is decided by the {@link AccessGate} first: refusals are answered here and
 * never reach an upstream. Granted requests are streamed upstream by the {@link Forwarder}; granted WebSocket
 * upgrades go through vertx-http-proxy, for which this class is the only interceptor and rewrites headers, URI and
 * authority the same way. One instance per proxy verticle, used on that verticle's event loop only.
 */
final class AccessInterceptor implements ProxyInterceptor {
  /** Context key under which the chosen upstream travels to the origin provider. */
  static final String UPSTREAM = "portcullis.upstream";
  private static final String STATE = "portcullis.state";

  private final AccessGate gate;
  private final Supplier<CompiledRuleSet> ruleset;
  private final boolean trustForwarded;
  private final ProxyMetrics metrics;
  private final CorsPolicy cors;
  /** Granted requests between the decision and the interceptor call; event-loop confined. */
  private final Map<HttpServerRequest, Granted> granted = new IdentityHashMap<>();

  private final Forwarder forwarder;
  private final AuditTrail audit;

  AccessInterceptor(AccessGate gate, Supplier<CompiledRuleSet> ruleset, boolean trustForwarded,
      ProxyMetrics metrics, CorsPolicy cors, io.vertx.core.http.HttpClient upstreamClient, AuditTrail audit) {
    this.forwarder = new Forwarder(upstreamClient);
    this.audit = audit;
    this.gate = gate;
    this.ruleset = ruleset;
    this.trustForwarded = trustForwarded;
    this.metrics = metrics;
    this.cors = cors;
  }

  private record Granted(Verdict.Granted verdict, long start, String peer, String scheme, HostAndPort authority) {
  }

  /** What the response side needs to know about the request. */
  private record State(long start, String ruleId, String origin) {
  }

  /** Decides {@code in}; refused requests are answered here, granted ones go through {@code proxy}. */
  void handle(HttpServerRequest in, HttpProxy proxy) {
    long start = System.nanoTime();
    in.pause();
    String peer = in.remoteAddress() == null ? "" : in.remoteAddress().hostAddress();
    String scheme = scheme(in);
    HostAndPort authority = in.authority();
    String host = authority == null ? "" : authority.toString();
    String remote = trustForwarded ? ForwardedFor.clientOf(in.getHeader("X-Forwarded-For"), peer) : peer;
    gate.decide(ruleset.get(), in.method().name(), scheme, host, in.uri(), in.headers(), remote, verdict -> {
      if (verdict instanceof Verdict.Refused refused) {
        metrics.record(refused.ruleId(), refused.decision(), refused.response().status(), start);
        audit.refused(refused, in.method().name(), host, in.uri(), start, remote, in.headers());
        refuse(in, refused.response());
        return;
      }
      Verdict.Granted g = (Verdict.Granted) verdict;
      if (g.rule().upstream() == null) {
        metrics.record(g.rule().id(), Decision.ERROR, 500, start);
        audit.granted(g.rule(), in.method().name(), g.request().url(), g.session().subject(), 500, start, remote,
            in.headers());
        refuse(in, g.rule().errors().respond(g.request(), PipelineFailure.internal(
            "rule " + g.rule().id() + " has no upstream.url; it can only be used through /decisions", null)));
        return;
      }
      if (in.canUpgradeToWebSocket()) {
        // The upgrade is audited when decided: the connection may then live for hours.
        audit.granted(g.rule(), in.method().name(), g.request().url(), g.session().subject(), 101, start, remote,
            in.headers());
        granted.put(in, new Granted(g, start, peer, scheme, authority));
        proxy.handle(in);
      } else {
        forward(in, g, start, peer, scheme, authority, host, remote);
      }
    });
  }

  private void forward(HttpServerRequest in, Verdict.Granted g, long start, String peer, String scheme,
      HostAndPort authority, String host, String remote) {
    CompiledRule rule = g.rule();
    UpstreamTarget upstream = rule.upstream();
    String uri = upstream.requestUri(g.request().url().forwardPath(), g.request().url().rawQuery());
    String origin = in.getHeader("Origin");
    forwarder.forward(in, upstream, uri, upstream.preserveHost() ? authority : null,
        out -> UpstreamHeaders.copyForUpstream(in.headers(), out, trustForwarded, peer, scheme, host,
            g.session().headers()),
        new Forwarder.Listener() {
          @Override
          public void answering(int status, MultiMap responseHeaders) {
            metrics.record(rule.id(), status == 502 ? Decision.ERROR : Decision.GRANTED, status, start);
            audit.granted(rule, in.method().name(), g.request().url(), g.session().subject(), status, start, remote,
                in.headers());
            if (cors.enabled()) {
              cors.decorate(origin, responseHeaders);
            }
          }

          @Override
          public ErrorResponse unreachable(Throwable cause) {
            return JsonError.response(502, null, false);
          }
        });
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    ProxyRequest request = ctx.request();
    Granted g = granted.remove(request.proxiedRequest());
    if (g == null) {
      // Cannot happen through handle(); fail closed if the proxy is ever wired differently.
      return Future.succeededFuture(refusal(request, JsonError.response(500, "request was not decided", false)));
    }
    CompiledRule rule = g.verdict().rule();
    UpstreamTarget upstream = rule.upstream();
    String host = g.authority() == null ? "" : g.authority().toString();
    UpstreamHeaders.prepare(request.headers(), trustForwarded, ctx.isWebSocket(), g.peer(), g.scheme(), host,
        g.verdict().session().headers());
    request.setURI(upstream.requestUri(g.verdict().request().url().forwardPath(),
        g.verdict().request().url().rawQuery()));
    if (upstream.preserveHost() && g.authority() != null) {
      request.setAuthority(g.authority());
    }
    ctx.set(UPSTREAM, upstream);
    ctx.set(STATE, new State(g.start(), rule.id(), request.proxiedRequest().getHeader("Origin")));
    return ctx.sendRequest().recover(err -> {
      metrics.record(rule.id(), Decision.ERROR, 502, g.start());
      ctx.set(STATE, null);
      return Future.succeededFuture(refusal(request, JsonError.response(502, null, false)));
    });
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext ctx) {
    State state = ctx.get(STATE, State.class);
    if (state != null) {
      metrics.record(state.ruleId(), Decision.GRANTED, ctx.response().getStatusCode(), state.start());
      if (cors.enabled()) {
        cors.decorate(state.origin(), ctx.response().headers());
      }
    }
    return ctx.sendResponse();
  }

  private void refuse(HttpServerRequest in, ErrorResponse error) {
    HttpServerResponse response = in.response();
    write(response.headers(), error);
    if (cors.enabled()) {
      cors.decorate(in.getHeader("Origin"), response.headers());
    }
    // Drain whatever body was sent so the connection stays usable for the next request.
    in.resume();
    response.setStatusCode(error.status()).end(Buffer.buffer(error.body()));
  }

  /** A refusal produced after the request was handed to the proxy (upstream unreachable). */
  private ProxyResponse refusal(ProxyRequest request, ErrorResponse error) {
    ProxyResponse response = request.release().response().setStatusCode(error.status());
    response.headers().clear();
    write(response.headers(), error);
    response.setBody(Body.body(Buffer.buffer(error.body())));
    return response;
  }

  private static void write(MultiMap headers, ErrorResponse error) {
    error.headers().forEach(headers::set);
    headers.set("Content-Type", error.contentType());
    headers.set("Cache-Control", "no-store");
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
