package io.portcullis.runtime;

import io.portcullis.config.Durations;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.Sizes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** HTTP server options from Ory's {@code timeout} and {@code tls} blocks and {@code portcullis.servers}. */
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
   * What every port shares: TLS when configured, and the header and request-line limits (Vert.x answers 431 and 414
   * past them, before any handler runs).
   */
  public static HttpServerOptions hardened(PortcullisConfig.Tls tls, PortcullisConfig.ServerLimits limits) {
    HttpServerOptions options = new HttpServerOptions()
        .setMaxHeaderSize((int) Sizes.parse("portcullis.servers.max_header_bytes", limits.maxHeaderBytes()))
        .setMaxInitialLineLength((int) Sizes.parse("portcullis.servers.max_request_line_bytes",
            limits.maxRequestLineBytes()));
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(pem(tls));
    }
    return options;
  }

  /**
   * The proxy's and the API's options. {@code idle} bounds how long a connection may carry no traffic at all;
   * {@code read} and {@code write} bound each request and its response ({@link RequestDeadlines}), not each
   * direction's silences, which Vert.x's per-direction idle timeouts would do.
   */
  public static HttpServerOptions of(PortcullisConfig.Timeout timeout, PortcullisConfig.Tls tls,
      PortcullisConfig.ServerLimits limits) {
    return hardened(tls, limits)
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
  }

  /** The certificate and key of {@code tls}, each from its file or its base64 PEM; files are read when used. */
  public static PemKeyCertOptions pem(PortcullisConfig.Tls tls) {
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
    return pem;
  }
}
