package io.portcullis.runtime;

import io.portcullis.config.Durations;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.tracing.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every port's HTTP server: slow headers cut off ({@link HeaderReadTimeout}), TLS certificates reloaded, each request's
 * id kept for its log lines ({@link RequestIds}).
 */
public final class HardenedServers {
  private HardenedServers() {
  }

  /**
   * The proxy's or the API's server, with Oathkeeper's {@code timeout} block: {@code idle} applied by Vert.x,
   * {@code read} and {@code write} by {@link RequestDeadlines}.
   *
   * @param name the port's configuration path ({@code serve.proxy}), for messages
   */
  public static HttpServer create(Vertx vertx, PortcullisConfig.Timeout timeout, PortcullisConfig.Tls tls,
      PortcullisConfig.ServerLimits limits, String name, Handler<HttpServerRequest> handler) {
    return create(vertx, ServerOptions.of(timeout, tls, limits), tls, limits, name, RequestDeadlines.guard(vertx,
        Durations.parse(name + ".timeout.read", timeout.read()),
        Durations.parse(name + ".timeout.write", timeout.write()), handler));
  }

  /**
   * @param options from {@link ServerOptions}, with {@code tls} in them
   * @param name the port's configuration path, for the log
   */
  public static HttpServer create(Vertx vertx, HttpServerOptions options, PortcullisConfig.Tls tls,
      PortcullisConfig.ServerLimits limits, String name, Handler<HttpServerRequest> handler) {
    HttpServer server = HeaderReadTimeout.guard(vertx, vertx.createHttpServer(options),
        Durations.parse("portcullis.servers.header_read_timeout", limits.headerReadTimeout()), request -> {
          RequestIds.begin(request);
          handler.handle(request);
        });
    CertificateReloader.watch(vertx, server, tls,
        Durations.parse("portcullis.servers.tls_reload_interval", limits.tlsReloadInterval()), name);
    return server;
  }
}
