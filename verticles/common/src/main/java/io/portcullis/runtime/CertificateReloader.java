package io.portcullis.runtime;

import io.portcullis.config.PortcullisConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.ServerSSLOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a renewed certificate in force without a restart: when the certificate or key file changes ({@link FileWatch},
 * every {@code interval}) the server's TLS options are replaced ({@link HttpServer#updateSSLOptions}). New connections
 * get the new certificate, open ones keep theirs. A pair that does not load (the key renewed before the certificate,
 * say) is logged and tried again at the next check.
 */
public final class CertificateReloader {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private CertificateReloader() {
  }

  /**
   * Watches {@code tls}'s files for {@code server}; nothing to do without TLS, with base64 values only, or with a
   * zero interval. The timer ends with the verticle that called this.
   *
   * @param name the port's configuration path, for the log
   */
  public static void watch(Vertx vertx, HttpServer server, PortcullisConfig.Tls tls, Duration interval, String name) {
    if (tls == null || interval.isZero() || (tls.cert().path() == null && tls.key().path() == null)) {
      return;
    }
    FileWatch.start(vertx, Stream.of(tls.cert(), tls.key()).map(PortcullisConfig.TlsSource::path)
        .filter(Objects::nonNull).toList(), interval,
        () -> server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(ServerOptions.pem(tls)), true)
            .onSuccess(updated -> LOG.info("{}: the renewed TLS certificate is in force for new connections", name))
            .onFailure(e -> LOG.warn("{}: the changed TLS certificate or key does not load, keeping the previous one "
                + "and trying again: {}", name, e.getMessage())));
  }
}
