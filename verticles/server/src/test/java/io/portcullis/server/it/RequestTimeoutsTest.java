package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code serve.proxy.timeout.read} (2 s) and {@code .write} (3 s), and the API's read timeout, as Go's server applies
 * them: a client that trickles its body is closed once the read timeout has passed, and the upstream request it was
 * streaming to is cut with it; a client that reads a large answer too slowly is closed once the write timeout has
 * passed, and the upstream's answer with it; ordinary requests, also on one keep-alive connection for longer than
 * both timeouts, are untouched. Connections are counted on both sides before and after.
 */
class RequestTimeoutsTest {
  static final int CLIENTS = 6;
  static FaultyUpstream faulty;
  static EchoUpstream echo;
  static TestNode node;
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    faulty = new FaultyUpstream();
    echo = new EchoUpstream();
    node = new TestNode(TestNode.ALL_HANDLERS, """
        - id: faulty
          match: {url: "http://<[^/]+>/<(hang|big|ok)(/.*)?>", methods: [GET, POST]}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          upstream: {url: "%UPSTREAM%"}
        - id: echo
          match: {url: "http://<[^/]+>/echo<.*>", methods: [POST]}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          upstream: {url: "http://127.0.0.1:ECHO"}
        """.replace("ECHO", String.valueOf(echo.port())), "http://127.0.0.1:" + faulty.port(), Map.of(
        "PORTCULLIS_SERVE_PROXY_TIMEOUT_READ", "2s",
        "PORTCULLIS_SERVE_PROXY_TIMEOUT_WRITE", "3s",
        "PORTCULLIS_SERVE_API_TIMEOUT_READ", "2s"));
  }

  @AfterAll
  static void stop() throws IOException {
    node.close();
    echo.close();
    faulty.close();
  }

  @Test
  void aTrickledBodyIsCutAfterTheReadTimeoutAndSoIsItsUpstreamRequest() throws Exception {
    int before = SlowClients.established(node.proxyPort);
    int upstreamBefore = faulty.open.get();
    long slowest = trickleBodies(node.proxyPort, "/hang/");
    int heldAfter = FaultyUpstream.await(faulty.held, 0);
    int after = SlowClients.settle(node.proxyPort, before);
    System.out.printf("read timeout 2 s, %d clients trickling a body: last closed after %d ms; proxy connections "
            + "before %d, after %d; upstream requests held after %d, upstream connections before %d, after %d%n",
        CLIENTS, slowest, before, after, heldAfter, upstreamBefore, faulty.open.get());
    assertThat(slowest).as("cut by the read timeout, long before the body could be in").isLessThan(10_000);
    assertThat(after).isEqualTo(before);
    assertThat(heldAfter).as("every upstream request the bodies streamed to was cut at once").isZero();
  }

  @Test
  void theApiPortCutsATrickledBodyToo() throws Exception {
    int before = SlowClients.established(node.apiPort);
    long slowest = trickleBodies(node.apiPort, "/decisions/ok/");
    int after = SlowClients.settle(node.apiPort, before);
    System.out.printf("API read timeout 2 s: last trickling client closed after %d ms; connections before %d, "
        + "after %d%n", slowest, before, after);
    assertThat(slowest).isLessThan(10_000);
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aSlowReaderOfALargeAnswerIsClosedAfterTheWriteTimeout() throws Exception {
    int before = SlowClients.established(node.proxyPort);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    AtomicBoolean closed = new AtomicBoolean();
    try {
      long start = System.nanoTime();
      List<Future<Long>> readers = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        int n = i;
        // Half of them stop reading after the headers: nothing queued for them is ever flushed.
        readers.add(pool.submit(() -> readSlowly("/big/" + n, n % 2 == 0 ? 50 : 10_000_000, closed)));
      }
      long deadline = start + TimeUnit.SECONDS.toNanos(30);
      while (SlowClients.established(node.proxyPort) < before + CLIENTS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      int during = SlowClients.established(node.proxyPort);
      // Closed at the server: its end of every connection leaves ESTABLISHED. What the kernel had buffered for the
      // client still arrives after that, so the client's own end of file comes later.
      int after = SlowClients.settle(node.proxyPort, before);
      long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      closed.set(true);
      long most = 0;
      for (Future<Long> f : readers) {
        most = Math.max(most, f.get(60, TimeUnit.SECONDS));
      }
      int heldAfter = FaultyUpstream.await(faulty.held, 0);
      System.out.printf("write timeout 3 s, %d clients reading a %d MiB answer at 160 KiB/s or not at all: proxy "
              + "connections before %d, during %d, after %d, all closed by the proxy %d ms after the requests; at most "
              + "%d KiB had been read; upstream answers still being written after: %d%n", CLIENTS,
          FaultyUpstream.BIG_BYTES >> 20, before, during, after, closedAfter, most >> 10, heldAfter);
      assertThat(during).as("the slow readers were connected").isEqualTo(before + CLIENTS);
      assertThat(after).isEqualTo(before);
      assertThat(closedAfter).as("closed by the write timeout").isLessThan(15_000);
      assertThat(most).as("cut before the answer was whole").isLessThan(FaultyUpstream.BIG_BYTES);
      assertThat(heldAfter).as("the upstream's answers were cut with the client connections").isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ordinaryRequestsAreUntouchedAlsoOnAConnectionThatOutlivesBothTimeouts() throws Exception {
    String body = "x".repeat(200_000);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.proxyPort + "/ok/" + i))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
      sent.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.proxyPort + "/echo/" + i))
          .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : sent) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      if (r.uri().getPath().startsWith("/echo")) {
        assertThat(r.body()).contains(body);
      }
    }
    // One keep-alive connection, one request every 500 ms for 5 s: each request has its own deadlines.
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.proxyPort)) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      for (int i = 0; i < 10; i++) {
        s.getOutputStream().write(("GET /ok/keep-alive HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        String answer = new String(in.readNBytes(answerLength(in)), StandardCharsets.US_ASCII);
        assertThat(answer).as("request " + i + " on the same connection").isEqualTo("ok");
        Thread.sleep(500);
      }
    }
  }

  /** {@value #CLIENTS} clients each send headers promising a body, then one byte of it every 200 ms. */
  private static long trickleBodies(int port, String path) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<Long>> cut = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < CLIENTS; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.getOutputStream().write(("POST " + path + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
            + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        cut.add(pool.submit(() -> SlowClients.trickleUntilClosed(s, start)));
      }
      long slowest = 0;
      for (Future<Long> f : cut) {
        slowest = Math.max(slowest, f.get(40, TimeUnit.SECONDS));
      }
      return slowest;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Reads 8 KiB every {@code pauseMillis} (at full speed once {@code drain}) until the connection ends; returns the
   * bytes read.
   */
  private static long readSlowly(String path, long pauseMillis, AtomicBoolean drain) throws IOException,
      InterruptedException {
    long read = 0;
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(16 * 1024);
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.proxyPort));
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8 * 1024];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          read += n;
          for (long slept = 0; slept < pauseMillis && !drain.get(); slept += 10) {
            Thread.sleep(10);
          }
        }
      } catch (java.net.SocketException reset) {
        // closed by the proxy with data unread: as much an end as a FIN
      }
    }
    return read;
  }

  /** Skips an answer's head and returns its Content-Length. */
  private static int answerLength(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) c);
    }
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    throw new IOException("no Content-Length in " + head);
  }
}
