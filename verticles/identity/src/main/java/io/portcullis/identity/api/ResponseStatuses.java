package io.portcullis.identity.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code <prefix>identity_requests_total{api, status}}: every answer of the identity role's public or admin API by
 * its status code (a 503 is the database unavailable). Paths are not labels, so the series are bounded by the codes.
 */
public final class ResponseStatuses {
  private final MeterRegistry registry;
  private final String name;
  private final String api;
  private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();

  /** @param api {@code public} or {@code admin} */
  public ResponseStatuses(MeterRegistry registry, String prefix, String api) {
    this.registry = registry;
    this.name = prefix + "identity_requests";
    this.api = api;
    // Present from the start, so rates and alerts see the first one.
    counter(200);
    counter(503);
  }

  /** Counts each answer when its headers are written; mounted before every other handler. */
  public Handler<RoutingContext> counting() {
    return ctx -> {
      ctx.addHeadersEndHandler(v -> counter(ctx.response().getStatusCode()).increment());
      ctx.next();
    };
  }

  private Counter counter(int status) {
    return byStatus.computeIfAbsent(status, s -> Counter.builder(name).description("Identity API answers by status")
        .tags("api", api, "status", Integer.toString(s)).register(registry));
  }
}
