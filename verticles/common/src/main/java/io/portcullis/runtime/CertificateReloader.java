package io.portcullis.runtime;

import io.portcullis.config.PortcullisConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.ServerSSLOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a renewed certificate in force without a restart: every {@code interval} the certificate and key files'
 * modification times and sizes are compared with the last ones loaded; on a change the server's TLS options are
 * replaced ({@link HttpServer#updateSSLOptions}). New connections get the new certificate, open ones keep theirs. A
 * pair that does not load (the key renewed before the certificate, say) is logged and tried again at the next check.
 */
public final class CertificateReloader {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);
  private final Vertx vertx;
  private final HttpServer server;
  private final PortcullisConfig.Tls tls;
  private final String name;
  private String loaded;

  private CertificateReloader(Vertx vertx, HttpServer server, PortcullisConfig.Tls tls, String name) {
    this.vertx = vertx;
    this.server = server;
    this.tls = tls;
    this.name = name;
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
    CertificateReloader reloader = new CertificateReloader(vertx, server, tls, name);
    reloader.stamp().onSuccess(s -> {
      reloader.loaded = s;
      vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> reloader.check());
    });
  }

  private void check() {
    stamp().onSuccess(now -> {
      if (now.equals(loaded)) {
        return;
      }
      server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(ServerOptions.pem(tls)), true)
          .onSuccess(updated -> {
            loaded = now;
            LOG.info("{}: the renewed TLS certificate is in force for new connections", name);
          })
          .onFailure(e -> LOG.warn("{}: the changed TLS certificate or key does not load, keeping the previous one "
              + "and trying again: {}", name, e.getMessage()));
    });
  }

  /** The files' modification times and sizes; a file being replaced may fail to stat, then the check is skipped. */
  private Future<String> stamp() {
    List<Future<FileProps>> props = new ArrayList<>();
    for (PortcullisConfig.TlsSource s : List.of(tls.cert(), tls.key())) {
      if (s.path() != null) {
        props.add(vertx.fileSystem().props(s.path()));
      }
    }
    return Future.all(props).map(all -> props.stream().map(f -> f.result().lastModifiedTime() + ":" + f.result().size())
        .collect(Collectors.joining(",")));
  }
}
