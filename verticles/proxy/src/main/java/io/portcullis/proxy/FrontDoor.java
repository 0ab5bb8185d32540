package io.portcullis.proxy;

import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.proxy.impl.ErrorAnswer;
import io.portcullis.proxy.impl.ForwardedFor;
import io.portcullis.runtime.CorsPolicy;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.function.Supplier;

/**
 * The proxy's front door. Every request, WebSocket upgrades included, is decided by the {@link AccessGate} before
 * anything is forwarded: refusals are answered here and never reach an upstream, granted requests go to
 * {@link GrantedRequests}. One instance per proxy verticle, used on that verticle's event loop only.
 */
final class FrontDoor {
  private final AccessGate gate;
  private final Supplier<CompiledRuleSet> ruleset;
  private final boolean trustForwarded;
  private final ProxyMetrics metrics;
  private final AuditTrail audit;
  private final CorsPolicy cors;
  private final GrantedRequests granted;

  FrontDoor(AccessGate gate, Supplier<CompiledRuleSet> ruleset, boolean trustForwarded, ProxyMetrics metrics,
      AuditTrail audit, CorsPolicy cors, GrantedRequests granted) {
    this.gate = gate;
    this.ruleset = ruleset;
    this.trustForwarded = trustForwarded;
    this.metrics = metrics;
    this.audit = audit;
    this.cors = cors;
    this.granted = granted;
  }

  void handle(HttpServerRequest in) {
    long start = System.nanoTime();
    in.pause();
    String peer = in.remoteAddress() == null ? "" : in.remoteAddress().hostAddress();
    HostAndPort authority = in.authority();
    String client = trustForwarded ? ForwardedFor.clientOf(in.getHeader("X-Forwarded-For"), peer) : peer;
    Arrival arrival = new Arrival(start, peer, client, scheme(in), authority);
    gate.decide(ruleset.get(), in.method().name(), arrival.scheme(), arrival.host(), in.uri(), in.headers(), client,
        client, verdict -> {
          if (verdict instanceof Verdict.Granted g) {
            granted.forward(in, g, arrival);
          } else {
            refuse(in, (Verdict.Refused) verdict, arrival);
          }
        });
  }

  private void refuse(HttpServerRequest in, Verdict.Refused refused, Arrival arrival) {
    metrics.record(refused.ruleId(), refused.decision(), refused.response().status(), arrival.start());
    audit.refused(refused, in.method().name(), arrival.host(), in.uri(), arrival.start(), arrival.client(),
        in.headers());
    ErrorAnswer.send(in, refused.response(), headers -> {
      if (cors.enabled()) {
        cors.decorate(in.getHeader("Origin"), headers);
      }
    });
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
