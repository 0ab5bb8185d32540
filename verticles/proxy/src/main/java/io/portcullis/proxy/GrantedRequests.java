package io.portcullis.proxy;

import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.UpstreamTarget;
import io.portcullis.pipeline.errors.JsonError;
import io.portcullis.pipeline.errors.PipelineFailure;
import io.portcullis.proxy.impl.ErrorAnswer;
import io.portcullis.proxy.impl.Forwarder;
import io.portcullis.proxy.impl.UpstreamHeaders;
import io.portcullis.runtime.CorsPolicy;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ErrorResponse;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * The one path of a granted proxy request, plain HTTP and WebSocket upgrade alike: the upstream URI, Host and headers
 * (forwarded and mutated ones), the {@link Forwarder}, and, once the status the client gets is known (the upstream's,
 * 101 for an accepted upgrade, 502 when the upstream cannot be reached), the request's metrics, its audit event and
 * CORS. An exchange that outlives its request and was granted for a known session is tracked in
 * {@link LongLivedConnections} until it ends, and closed when that session is revoked or expires. One instance per
 * proxy verticle, used on its event loop ({@code context}) only.
 */
final class GrantedRequests {
  private static final Runnable NOTHING = () -> { };

  private final Forwarder forwarder;
  private final boolean trustForwarded;
  private final ProxyMetrics metrics;
  private final AuditTrail audit;
  private final CorsPolicy cors;
  private final LongLivedConnections connections;
  private final Context context;

  GrantedRequests(Forwarder forwarder, boolean trustForwarded, ProxyMetrics metrics, AuditTrail audit,
      CorsPolicy cors, LongLivedConnections connections, Context context) {
    this.forwarder = forwarder;
    this.trustForwarded = trustForwarded;
    this.metrics = metrics;
    this.audit = audit;
    this.cors = cors;
    this.connections = connections;
    this.context = context;
  }

  /** Forwards {@code in} (paused), which {@code granted} lets through. */
  void forward(HttpServerRequest in, Verdict.Granted granted, Arrival arrival) {
    Exchange exchange = new Exchange(in, granted, arrival);
    CompiledRule rule = granted.rule();
    UpstreamTarget upstream = rule.upstream();
    if (upstream == null) {
      ErrorResponse error = rule.errors().respond(granted.request(), PipelineFailure.internal(
          "rule " + rule.id() + " has no upstream.url; it can only be used through /decisions", null));
      ErrorAnswer.send(in, error, headers -> exchange.answered(Decision.ERROR, 500, headers));
      return;
    }
    var url = granted.request().url();
    forwarder.forward(in, upstream, upstream.requestUri(url.forwardPath(), url.rawQuery()),
        upstream.preserveHost() ? arrival.authority() : null,
        out -> UpstreamHeaders.copyForUpstream(in.headers(), out, trustForwarded, arrival.peer(), arrival.scheme(),
            arrival.host(), granted.session().headers()),
        exchange);
  }

  /** One granted request, from the forwarder's point of view. */
  private final class Exchange implements Forwarder.Listener {
    private final HttpServerRequest in;
    private final Verdict.Granted granted;
    private final Arrival arrival;

    Exchange(HttpServerRequest in, Verdict.Granted granted, Arrival arrival) {
      this.in = in;
      this.granted = granted;
      this.arrival = arrival;
    }

    @Override
    public void answering(int status, MultiMap headers) {
      answered(status == 502 || status == 504 ? Decision.ERROR : Decision.GRANTED, status, headers);
    }

    @Override
    public ErrorResponse unreachable(Throwable cause) {
      return JsonError.response(cause instanceof Forwarder.ResponseTimeout ? 504 : 502, null, false);
    }

    @Override
    public Runnable streaming(Runnable close) {
      AuthSession s = granted.session();
      if (s.sessionId() == null && s.identityId() == null && s.expiresAt() == null) {
        return NOTHING;
      }
      // Revocations arrive on the feed's thread; the connection is only touched on its own event loop.
      LongLivedConnections.Tracked tracked = connections.open(s.sessionId(), s.identityId(),
          () -> context.runOnContext(v -> close.run()));
      var vertx = context.owner();
      long timer = s.expiresAt() == null ? -1
          : vertx.setTimer(Math.max(1, s.expiresAt().toEpochMilli() - System.currentTimeMillis()),
              id -> tracked.expire());
      return () -> {
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
        tracked.ended();
      };
    }

    /** Recorded when the status is known, not when the exchange ends: a WebSocket may then stay open for hours. */
    void answered(Decision decision, int status, MultiMap headers) {
      CompiledRule rule = granted.rule();
      metrics.record(rule.id(), decision, status, arrival.start());
      audit.granted(rule, in.method().name(), granted.request().url(), granted.session().subject(), status,
          arrival.start(), arrival.client(), in.headers());
      if (cors.enabled()) {
        cors.decorate(in.getHeader("Origin"), headers);
      }
    }
  }
}
