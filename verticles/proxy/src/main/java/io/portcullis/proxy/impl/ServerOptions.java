package io.portcullis.proxy.impl;

import io.portcullis.config.Durations;
import io.portcullis.config.PortcullisConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** HTTP server options from Ory's {@code timeout} and {@code tls} blocks. */
public final class ServerOptions {
  /**
   * How long a stopping node lets requests in flight finish (SIGTERM): the listener closes at once, keep-alive
   * connections close after their current exchange, and what is still open after this is cut. Below Kubernetes'
   * default grace period of 30 s, so the rest of the shutdown (leave the cluster, flush audit) fits in it.
   */
  public static final long DRAIN_SECONDS = 20;

  private ServerOptions() {
  }

  /**
   * {@code idle} bounds how long a connection may carry no traffic at all. {@code read} and {@code write} are
   * accepted for compatibility but not applied per direction: a per-direction idle limit would cut long-lived
   * streams (server-sent events, WebSockets) that Oathkeeper's request-read timeout does not.
   */
  public static HttpServerOptions of(PortcullisConfig.Timeout timeout, PortcullisConfig.Tls tls) {
    HttpServerOptions options = new HttpServerOptions()
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout((int) Durations.parse("timeout.idle", timeout.idle()).toMillis())
        .setCompressionSupported(false)
        // WebSocket upgrades are relayed, not terminated: extensions are negotiated end to end, so the server needs
        // no per-connection deflate handler in its pipeline.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Every request and response is handled on the connection's own event loop (the verticle's), so the
        // connection may write directly instead of through a cross-thread message queue.
        .setStrictThreadMode(true)
        .setTcpNoDelay(true);
    if (tls != null) {
      PemKeyCertOptions pem = new PemKeyCertOptions();
      if (tls.cert().path() != null) {
        pem.setCertPath(tls.cert().path());
      } else {
        pem.setCertValue(Buffer.buffer(Base64.getDecoder().decode(tls.cert().base64())));
      }
      if (tls.key().path() != null) {
        pem.setKeyPath(tls.key().path());
      } else {
        pem.setKeyValue(Buffer.buffer(Base64.getDecoder().decode(tls.key().base64())));
      }
      options.setSsl(true).setKeyCertOptions(pem);
    }
    return options;
  }
}
