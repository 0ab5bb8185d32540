package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.portcullis.identity.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSockets and server-sent event streams through the proxy, authenticated by a Kratos session cookie: an upgrade or
 * stream without a session is refused before any upstream sees it; an open one is closed by the edge, at both hops,
 * as soon as its session is revoked (admin revoke, identity deleted) or expires, while the connections of other
 * sessions stay open. The figures (connections open before and after, time to close) are printed.
 */
class LongLivedConnectionsTest {
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final String PASSWORD = "correct horse battery 9";
  static WebSocketUpstream upstream;
  static TestNode node;
  static Vertx vertx;
  static WebSocketClient sockets;
  static HttpClient http;
  /** A session endpoint on loopback whose sessions expire two seconds after each check. */
  static HttpServer shortSessions;

  @BeforeAll
  static void start() throws Exception {
    upstream = new WebSocketUpstream();
    vertx = Vertx.vertx();
    shortSessions = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", "short-" + req.getHeader("Cookie")).put("active", true)
            .put("expires_at", Instant.now().plusSeconds(2).toString())
            .put("identity", new JsonObject().put("id", "short-lived")).encode()))
        .listen(0, "127.0.0.1").await();
    String whoami = "http://127.0.0.1:" + PUBLIC + "/sessions/whoami";
    node = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
        access_rules:
          repositories: [file://rules.yml]
        authenticators:
          cookie_session:
            enabled: true
            config: {check_session_url: "%s", preserve_path: true, subject_from: identity.id}
        authorizers:
          allow: {enabled: true}
        mutators:
          noop: {enabled: true}
        """.formatted(whoami), """
        - id: live
          match: {url: "http://<.*>/live/<.*>", methods: [GET]}
          upstream: {url: "%UPSTREAM%"}
          authenticators: [{handler: cookie_session}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        - id: short
          match: {url: "http://<.*>/short/<.*>", methods: [GET]}
          upstream: {url: "%UPSTREAM%"}
          authenticators: [{handler: cookie_session, config: {check_session_url: "http://127.0.0.1:SHORT/s"}}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        """.replace("SHORT", String.valueOf(shortSessions.actualPort())), "http://127.0.0.1:" + upstream.port(),
        Map.of());
    Http.awaitRule(node.apiPort, "short", "cookie_session");
    sockets = vertx.createWebSocketClient();
    http = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    node.close();
    vertx.close().await();
    upstream.close();
  }

  @Test
  void withoutASessionAnUpgradeOrStreamIsRefusedAndNothingReachesTheUpstream() throws Exception {
    upstream.clear();
    Throwable refused = catchThrowable(() -> await(socket("/live/ws/anonymous", null)));
    assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(401);
    assertThat(await(stream("/live/events/anonymous", "ory_kratos_session=forged")).response.statusCode())
        .isEqualTo(401);
    assertThat(upstream.nothingReceived()).isTrue();
  }

  @Test
  void aRevokedSessionsWebSocketsAndStreamsAreClosedAtOnceAndOtherSessionsStayOpen() throws Exception {
    Sessions.createIdentity(ADMIN, "ada@example.com", PASSWORD);
    Sessions.Login revoked = Sessions.login(PUBLIC, "ada@example.com", PASSWORD);
    Sessions.Login kept = Sessions.login(PUBLIC, "ada@example.com", PASSWORD);
    List<Open> doomed = openMany(revoked, "revoked", 3, 2);
    List<Open> others = openMany(kept, "kept", 1, 1);
    awaitGauge(doomed.size() + others.size());
    int before = (int) gauge();

    long t0 = System.nanoTime();
    Sessions.revoke(ADMIN, revoked.sessionId());
    double slowest = awaitAllClosed(doomed, t0);
    awaitGauge(others.size());
    for (Open o : others) {
      assertThat(o.closed).as(o.uri + " of another session").isNotDone();
    }
    assertThat(echo(others.get(0).socket, "still here")).isEqualTo("still here");
    System.out.printf("revoked session: %d of %d long-lived connections closed at both hops, the last %.1f ms after "
            + "the admin call; open before %d, after %d (the other session's %d)%n", doomed.size(), doomed.size(),
        slowest, before, (int) gauge(), others.size());
    others.forEach(Open::close);
    awaitGauge(0);
  }

  @Test
  void deletingTheIdentityClosesTheConnectionsOfAllItsSessions() throws Exception {
    String id = Sessions.createIdentity(ADMIN, "bob@example.com", PASSWORD);
    List<Open> open = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      open.addAll(openMany(Sessions.login(PUBLIC, "bob@example.com", PASSWORD), "bob" + i, 1, 1));
    }
    awaitGauge(open.size());
    long t0 = System.nanoTime();
    Sessions.send("DELETE", ADMIN, "/admin/identities/" + id, null, 204);
    double slowest = awaitAllClosed(open, t0);
    awaitGauge(0);
    System.out.printf("identity deleted: %d connections of 2 sessions closed, the last %.1f ms after the call%n",
        open.size(), slowest);
  }

  @Test
  void anExpiringSessionsConnectionsAreClosedWhenItExpires() throws Exception {
    double expired = counter("portcullis_long_lived_connections_closed_total{reason=\"expired\"}");
    Open ws = open(new Open("/short/ws/expiring", "s=1", true));
    Open sse = open(new Open("/short/events/expiring", "s=1", false));
    assertThat(echo(ws.socket, "before expiry")).isEqualTo("before expiry");
    long t0 = System.nanoTime();
    double slowest = awaitAllClosed(List.of(ws, sse), t0);
    assertThat(counter("portcullis_long_lived_connections_closed_total{reason=\"expired\"}"))
        .isEqualTo(expired + 2);
    System.out.printf("expiring session (2 s): WebSocket and event stream closed %.1f ms after they opened%n",
        slowest);
  }

  /** A WebSocket or an event stream opened through the proxy, and when it closed at the client. */
  static final class Open {
    final String uri;
    final String cookie;
    final boolean webSocket;
    final CompletableFuture<Long> closed = new CompletableFuture<>();
    WebSocket socket;
    HttpClientResponse response;

    Open(String uri, String cookie, boolean webSocket) {
      this.uri = uri;
      this.cookie = cookie;
      this.webSocket = webSocket;
    }

    void close() {
      if (socket != null) {
        socket.close();
      } else {
        response.request().connection().close();
      }
    }
  }

  List<Open> openMany(Sessions.Login login, String name, int webSockets, int streams) throws Exception {
    String cookie = "ory_kratos_session=" + login.token();
    List<Open> out = new ArrayList<>();
    for (int i = 0; i < webSockets; i++) {
      out.add(open(new Open("/live/ws/" + name + i, cookie, true)));
    }
    for (int i = 0; i < streams; i++) {
      out.add(open(new Open("/live/events/" + name + i, cookie, false)));
    }
    return out;
  }

  static Open open(Open o) throws Exception {
    if (o.webSocket) {
      o.socket = await(socket(o.uri, o.cookie));
      o.socket.closeHandler(v -> o.closed.complete(System.nanoTime()));
    } else {
      Open s = await(stream(o.uri, o.cookie));
      assertThat(s.response.statusCode()).isEqualTo(200);
      o.response = s.response;
      Promise<Void> first = Promise.promise();
      o.response.handler(b -> first.tryComplete());
      o.response.request().connection().closeHandler(v -> o.closed.complete(System.nanoTime()));
      await(first.future());
    }
    return o;
  }

  static Future<WebSocket> socket(String uri, String cookie) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.proxyPort)
        .setURI(uri).setTimeout(5_000);
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    return sockets.connect(options);
  }

  static Future<Open> stream(String uri, String cookie) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(node.proxyPort).setURI(uri).putHeader("Cookie", cookie).putHeader("Accept", "text/event-stream");
    return http.request(options).compose(req -> req.send()).map(res -> {
      Open o = new Open(uri, cookie, false);
      o.response = res;
      return o;
    });
  }

  /** Waits until every connection is closed at the client and at the upstream; the slowest, in ms after t0. */
  static double awaitAllClosed(List<Open> open, long t0) throws Exception {
    long last = t0;
    for (Open o : open) {
      last = Math.max(last, o.closed.get(10, TimeUnit.SECONDS));
      upstream.awaitClosed(o.uri);
    }
    return (last - t0) / 1e6;
  }

  static String echo(WebSocket ws, String text) throws Exception {
    Promise<String> answer = Promise.promise();
    ws.textMessageHandler(answer::tryComplete);
    ws.writeTextMessage(text);
    return await(answer.future());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  static double gauge() throws Exception {
    return counter("portcullis_long_lived_connections");
  }

  static void awaitGauge(int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gauge() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("portcullis_long_lived_connections is " + gauge() + ", expected " + expected);
      }
      Thread.sleep(20);
    }
  }

  static double counter(String series) throws Exception {
    for (String line : Http.get(node.metricsPort, "/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    return 0;
  }
}
