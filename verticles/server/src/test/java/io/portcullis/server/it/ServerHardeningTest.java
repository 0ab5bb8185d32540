package io.portcullis.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portcullis.config.ConfigLoader;
import io.portcullis.identity.TestPostgres;
import io.portcullis.server.Node;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One node with TLS on all four ports (proxy, API, identity public and admin) from one generated certificate, and
 * tight {@code portcullis.servers} limits: every port answers over TLS, a renewed certificate is served without a
 * restart, oversized headers get 431, an oversized body 413, and slow-loris connections are closed.
 */
class ServerHardeningTest {
  private static final int PROXY = FreePorts.next();
  private static final int API = FreePorts.next();
  private static final int PUBLIC = FreePorts.next();
  private static final int ADMIN = FreePorts.next();
  private static final int METRICS = FreePorts.next();
  private static Path dir;
  private static Node node;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("portcullis-tls");
    installCertificate("first.example");
    Files.writeString(dir.resolve("rules.yml"), "[]");
    String tls = "{cert: {path: %s}, key: {path: %s}}".formatted(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    Path config = dir.resolve("portcullis.yml");
    Files.writeString(config, """
        serve:
          proxy: {port: %d, host: 127.0.0.1, tls: %s}
          api: {port: %d, host: 127.0.0.1, tls: %s}
          prometheus: {port: %d, host: 127.0.0.1}
        access_rules:
          repositories: [file://rules.yml]
        portcullis:
          proxy: {instances: 2}
          servers:
            max_header_bytes: 4KiB
            max_body_bytes: 64KiB
            header_read_timeout: 2s
            tls_reload_interval: 100ms
        """.formatted(PROXY, tls, API, tls, METRICS)
        + Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN)
            .replace("{port: %d, host: 127.0.0.1}".formatted(PUBLIC),
                "{port: %d, host: 127.0.0.1, tls: %s}".formatted(PUBLIC, tls))
            .replace("{port: %d, host: 127.0.0.1}".formatted(ADMIN),
                "{port: %d, host: 127.0.0.1, tls: %s}".formatted(ADMIN, tls)));
    node = Node.start(ConfigLoader.load(config, Map.of()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyPortTerminatesTlsAndServesARenewedCertificateWithoutRestart() throws Exception {
    String first = fingerprint(dir.resolve("cert.pem"));
    for (int port : new int[] {PROXY, API, PUBLIC, ADMIN}) {
      Exchange e = exchange(port, "GET /health/alive HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertEquals(first, e.certificate(), "port " + port + " serves the configured certificate");
      assertTrue(e.status() == 200 || e.status() == 404, "port " + port + " answers over TLS: " + e.status());
    }

    installCertificate("second.example");
    String second = fingerprint(dir.resolve("cert.pem"));
    assertNotEquals(first, second);
    for (int port : new int[] {PROXY, API, PUBLIC, ADMIN}) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      String seen = first;
      while (!seen.equals(second) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        seen = exchange(port, "GET /health/alive HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .certificate();
      }
      assertEquals(second, seen, "port " + port + " serves the renewed certificate without a restart");
    }
  }

  @Test
  void oversizedHeadersAre431OnEveryPort() throws Exception {
    String big = "X-Big: " + "a".repeat(8 * 1024) + "\r\n";
    for (int port : new int[] {PROXY, API, PUBLIC, ADMIN}) {
      Exchange e = exchange(port, "GET /health/alive HTTP/1.1\r\nHost: 127.0.0.1\r\n" + big
          + "Connection: close\r\n\r\n");
      assertEquals(431, e.status(), "port " + port);
    }
  }

  @Test
  void oversizedIdentityBodyIs413() throws Exception {
    String body = "{\"identifier\":\"" + "a".repeat(100 * 1024) + "\"}";
    for (int port : new int[] {PUBLIC, ADMIN}) {
      Exchange e = exchange(port, "POST /self-service/login?flow=00000000-0000-0000-0000-000000000000 HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
      assertEquals(413, e.status(), "port " + port);
    }
  }

  /**
   * Twenty clients each send a request line and then one header byte every 200 ms: every one is closed by the server
   * once {@code header_read_timeout} (2 s) has passed, and the proxy port's established connections fall back to
   * what they were before.
   */
  @Test
  void slowLorisClientsAreCutOffAfterTheHeaderReadTimeout() throws Exception {
    int clients = 20;
    int before = SlowClients.established(PROXY);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<SSLSocket> sockets = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        SSLSocket s = connect(PROXY);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        sockets.add(s);
      }
      int during = SlowClients.established(PROXY);
      List<Future<Long>> cut = new ArrayList<>();
      long start = System.nanoTime();
      for (SSLSocket s : sockets) {
        cut.add(pool.submit(() -> SlowClients.trickleUntilClosed(s, start)));
      }
      long slowest = 0;
      for (Future<Long> f : cut) {
        slowest = Math.max(slowest, f.get(30, TimeUnit.SECONDS));
      }
      int after = SlowClients.settle(PROXY, before);
      System.out.printf("slow-loris: established connections on the proxy port before %d, with %d slow clients %d, "
          + "after %d; the last slow client was closed %d ms after it started trickling%n", before, clients, during,
          after, slowest);
      // Not all twenty at once on a loaded machine: the first ones may be cut while the last still shake hands.
      assertTrue(during > before, "the slow clients were connected: " + during);
      assertEquals(before, after, "every slow client's connection is gone");
      assertTrue(slowest < 10_000, "closed within the bound, not by the 120 s idle timeout: " + slowest + " ms");
    } finally {
      pool.shutdownNow();
    }
  }

  private record Exchange(String certificate, int status) {
  }

  private static Exchange exchange(int port, String request) throws Exception {
    try (SSLSocket s = connect(port)) {
      s.setSoTimeout(10_000);
      String certificate = fingerprint((X509Certificate) s.getSession().getPeerCertificates()[0]);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      StringBuilder line = new StringBuilder();
      InputStream in = s.getInputStream();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      String[] parts = line.toString().split(" ");
      return new Exchange(certificate, parts.length > 1 ? Integer.parseInt(parts[1]) : -1);
    }
  }

  /** A TLS connection that trusts whatever the server presents: the test compares the certificate itself. */
  private static SSLSocket connect(int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String type) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String type) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(new Socket("127.0.0.1", port), "127.0.0.1", port,
        true);
    s.startHandshake();
    return s;
  }

  /** A fresh self-signed pair for {@code host}, moved into place key first, as a certificate manager renews. */
  private static void installCertificate(String host) throws IOException {
    SelfSignedCertificate generated = SelfSignedCertificate.create(host);
    Files.move(Path.of(generated.privateKeyPath()), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(Path.of(generated.certificatePath()), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String fingerprint(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return fingerprint((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
  }

  private static String fingerprint(X509Certificate c) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }
}
