package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket upgrades through the proxy, end to end: a real node between a Vert.x WebSocket client and a WebSocket
 * upstream. A granted upgrade takes the path of any granted request (headers, strip_path, metrics, errors) and then
 * relays frames both ways with back-pressure until either side closes.
 */
class WebSocketProxyTest {
  static final String RULES = """
      - id: ws
        match: {url: "http://<[^/]+>/ws/<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "%UPSTREAM%"}
      - id: ws-stripped
        match: {url: "http://<[^/]+>/api/<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%/backend", strip_path: /api}
      - id: ws-down
        match: {url: "http://<[^/]+>/down/<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "http://127.0.0.1:%DOWN%"}
      """;

  static WebSocketUpstream upstream;
  static TestNode node;
  static Vertx vertx;
  static WebSocketClient client;
  /** Closed after each test, so that a failed one does not keep the upstream connection the next one needs. */
  final List<WebSocket> opened = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    upstream = new WebSocketUpstream();
    // One upstream connection per proxy instance: an upgrade that left its connection busy would stall what follows.
    node = new TestNode(TestNode.ALL_HANDLERS, RULES.replace("%DOWN%", String.valueOf(FreePorts.next())),
        "http://127.0.0.1:" + upstream.port(), Map.of("PORTCULLIS_PORTCULLIS_PROXY_UPSTREAM_MAX_CONNECTIONS", "1"));
    vertx = Vertx.vertx();
    client = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    node.close();
    vertx.close().await();
    upstream.close();
  }

  @BeforeEach
  void clear() {
    upstream.clear();
  }

  @AfterEach
  void closeOpened() {
    opened.forEach(ws -> ws.close().otherwiseEmpty().await());
  }

  Future<WebSocket> connect(String uri, String... headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.proxyPort)
        .setURI(uri).addSubProtocol("chat").setTimeout(5_000);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return client.connect(options).onSuccess(opened::add);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  static String echo(WebSocket ws, String text) throws Exception {
    Promise<String> answer = Promise.promise();
    ws.textMessageHandler(answer::tryComplete);
    ws.writeTextMessage(text);
    return await(answer.future());
  }

  @Test
  void framesTravelBothWaysAndTheUpstreamGetsTheGrantedRequestsHeaders() throws Exception {
    WebSocket ws = await(connect("/ws/chat?room=1", "X-User", "forged", "X-Forwarded-For", "6.6.6.6"));
    assertThat(ws.subProtocol()).as("negotiated end to end").isEqualTo("chat");
    assertThat(echo(ws, "hello")).isEqualTo("hello");
    WebSocketUpstream.Received got = upstream.take();
    assertThat(got.uri()).isEqualTo("/ws/chat?room=1");
    assertThat(got.headers().getAll("X-User")).containsExactly("anonymous");
    assertThat(got.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(got.headers().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + node.proxyPort);
    assertThat(got.headers().get("Host")).isEqualTo("127.0.0.1:" + upstream.port());
  }

  @Test
  void stripPathAppliesToUpgrades() throws Exception {
    WebSocket ws = await(connect("/api/socket?x=1"));
    assertThat(echo(ws, "through strip_path")).isEqualTo("through strip_path");
    assertThat(upstream.take().uri()).isEqualTo("/backend/socket?x=1");
  }

  @Test
  void hopByHopAndConnectionListedHeadersAreNotForwarded() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.proxyPort)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /ws/raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: keep-alive, Upgrade, X-Secret\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\nX-Secret: s\r\nProxy-Authorization: Basic c2VjcmV0\r\nKeep-Alive: 5\r\n"
          + "TE: trailers\r\nX-Kept: yes\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String head = head(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: websocket")
          .containsIgnoringCase("connection: upgrade").containsIgnoringCase("sec-websocket-accept");
    }
    WebSocketUpstream.Received got = upstream.take();
    for (String name : new String[] {"X-Secret", "Proxy-Authorization", "Keep-Alive", "TE"}) {
      assertThat(got.headers().get(name)).as(name).isNull();
    }
    assertThat(got.headers().get("X-Kept")).isEqualTo("yes");
    assertThat(got.headers().get("Connection")).isEqualTo("Upgrade");
    assertThat(got.headers().get("Upgrade")).isEqualTo("websocket");
  }

  /** The status line and headers of an answer, up to the blank line. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      out.write(c);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void anUpgradeTheUpstreamRefusesIsAnsweredAsTheUpstreamAnsweredAndFreesItsConnection() throws Exception {
    for (int i = 0; i < 4; i++) {
      String uri = "/ws/refuse/" + i;
      Throwable refused = catchThrowable(() -> await(connect(uri)));
      assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
      UpgradeRejectedException rejection = (UpgradeRejectedException) refused;
      assertThat(rejection.getStatus()).isEqualTo(403);
      assertThat(rejection.getHeaders().get("X-Upstream")).isEqualTo("ws");
      assertThat(rejection.getBody().toString()).isEqualTo("refused by upstream");
    }
    // Both proxy instances saw refusals; with one upstream connection each, these pass only if it was freed.
    for (int i = 0; i < 4; i++) {
      RawHttp.Response plain = RawHttp.get(node.proxyPort, "/ws/plain/" + i);
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.body()).isEqualTo("plain");
    }
  }

  @Test
  void anUnreachableUpstreamIs502Json() throws Exception {
    Throwable refused = catchThrowable(() -> await(connect("/down/x")));
    assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
    UpgradeRejectedException rejection = (UpgradeRejectedException) refused;
    assertThat(rejection.getStatus()).isEqualTo(502);
    assertThat(rejection.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(rejection.getBody().toString()).contains("\"code\":502");
    assertThat(Http.get(node.metricsPort, "/metrics").body()).containsPattern(
        "portcullis_requests_total\\{decision=\"error\",rule=\"ws-down\",status=\"502\",surface=\"proxy\"} [1-9]");
  }

  @Test
  void closingEitherSideClosesTheOther() throws Exception {
    WebSocket fromClient = await(connect("/ws/client-closes"));
    assertThat(echo(fromClient, "x")).isEqualTo("x");
    await(fromClient.close());
    upstream.awaitClosed("/ws/client-closes");

    WebSocket fromUpstream = await(connect("/ws/upstream-closes"));
    CompletableFuture<Void> closed = new CompletableFuture<>();
    fromUpstream.closeHandler(v -> closed.complete(null));
    fromUpstream.writeTextMessage("bye");
    closed.get(10, TimeUnit.SECONDS);
    upstream.awaitClosed("/ws/upstream-closes");
  }

  @Test
  void aClientThatDoesNotReadHoldsTheUpstreamBackAndThenGetsEverything() throws Exception {
    int messages = 2048; // 64 MiB
    long total = (long) messages * WebSocketUpstream.FLOOD_MESSAGE;
    WebSocket ws = await(connect("/ws/flood"));
    AtomicLong read = new AtomicLong();
    CompletableFuture<Void> all = new CompletableFuture<>();
    ws.binaryMessageHandler(b -> {
      if (read.addAndGet(b.length()) == total) {
        all.complete(null);
      }
    });
    ws.pause();
    ws.writeTextMessage("flood " + messages);
    Thread.sleep(1_500);
    // Socket buffers on the way hold a few MiB; without back-pressure the proxy would take all 64 MiB.
    assertThat(upstream.floodWritten.get()).as("bytes the upstream could write").isLessThan(total / 2);
    assertThat(upstream.floodDone).isNotDone();
    ws.resume();
    all.get(30, TimeUnit.SECONDS);
    assertThat(read.get()).isEqualTo(total);
    upstream.floodDone.get(10, TimeUnit.SECONDS);
  }

  @Test
  void largeMessagesArriveIntact() throws Exception {
    WebSocket ws = await(connect("/ws/large"));
    byte[] bytes = new byte[200_000];
    new Random(7).nextBytes(bytes);
    Promise<Buffer> answer = Promise.promise();
    ws.binaryMessageHandler(answer::tryComplete);
    ws.writeBinaryMessage(Buffer.buffer(bytes));
    assertThat(await(answer.future()).getBytes()).isEqualTo(bytes);
  }

  @Test
  void anUpgradeIsCountedAsGrantedWithStatus101() throws Exception {
    await(connect("/ws/metered"));
    String metrics = Http.get(node.metricsPort, "/metrics").body();
    assertThat(metrics).containsPattern(
        "portcullis_requests_total\\{decision=\"granted\",rule=\"ws\",status=\"101\",surface=\"proxy\"} [1-9]");
  }
}
