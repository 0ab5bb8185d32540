package io.portcullis.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.PortcullisConfig;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;

/** Serves the Prometheus exposition of the node's metrics on {@code serve.prometheus} (default :9000/metrics). */
public final class MetricsVerticle extends AbstractVerticle {
  private final PortcullisConfig.Prometheus config;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  public MetricsVerticle(PortcullisConfig.Prometheus config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public void start(Promise<Void> started) {
    // Scrapes are not traced: they would be most of the traces and say nothing about requests.
    server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
        .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE)).requestHandler(req -> {
      if (req.path().equals(config.metricsPath())) {
        vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
          if (ar.succeeded()) {
            req.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
          } else {
            req.response().setStatusCode(500).end();
          }
        });
      } else {
        req.response().setStatusCode(404).end();
      }
    });
    server.listen(config.port(), Hosts.bind(config.host())).<Void>mapEmpty().onComplete(started);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
