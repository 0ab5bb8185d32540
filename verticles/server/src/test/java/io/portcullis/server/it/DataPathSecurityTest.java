package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression suite for the data path: every attack shape is denied or normalized as docs/rules.md documents, through
 * the proxy and through {@code /decisions}. A failure here is a security bug.
 */
class DataPathSecurityTest {
  static final String RULES = """
      - id: public
        match: {url: "http://<[^/]+>/public/<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "%UPSTREAM%"}
      - id: admin
        match: {url: "http://<[^/]+>/admin<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: deny}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: https-only
        match: {url: "https://<[^/]+>/secure<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      """;

  static EchoUpstream upstream;

  @BeforeAll
  static void startUpstream() {
    upstream = new EchoUpstream();
  }

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class UntrustedForwardedHeaders {
    TestNode node;

    @BeforeAll
    void start() throws Exception {
      node = new TestNode(TestNode.ALL_HANDLERS, RULES, "http://127.0.0.1:" + upstream.port());
    }

    @AfterAll
    void stop() {
      node.close();
    }

    @BeforeEach
    void clear() {
      upstream.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/../admin", "/public/%2e%2e/admin", "/public/%2E%2E/admin", "//admin",
        "/./admin", "/public/./../admin", "/public/../../admin", "http://127.0.0.1/admin", "/public/.%2e/admin"})
    void traversalToAdminIsNormalizedAndDenied(String target) throws Exception {
      RawHttp.Response r = RawHttp.get(node.proxyPort, target);
      assertThat(r.status()).as(target).isEqualTo(403);
      assertThat(upstream.nothingReceived()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/..%2fadmin", "/public/..%2Fadmin", "/public/..%5cadmin", "/public/..\\admin",
        "/public/a%00b", "/public/%zz", "/public/%", "/public/..;/admin", "/public/..;x=1/admin",
        "/public/..%3B/admin", "/public/%C0%AE%C0%AE/admin"})
    void encodedSeparatorsNulAndBadEscapesAreRejected(String target) throws Exception {
      RawHttp.Response r = RawHttp.get(node.proxyPort, target);
      assertThat(r.status()).as(target).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":400");
      assertThat(upstream.nothingReceived()).isTrue();
    }

    @Test
    void theUpstreamReceivesTheNormalizedPath() throws Exception {
      assertThat(RawHttp.get(node.proxyPort, "/public/x/..//y/./z").status()).isEqualTo(200);
      assertThat(upstream.take().uri()).isEqualTo("/public/y/z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ADMIN", "/Admin/x", "/PUBLIC/x"})
    void pathsAreCaseSensitive(String target) throws Exception {
      assertThat(RawHttp.get(node.proxyPort, target).status()).as(target).isEqualTo(404);
      assertThat(upstream.nothingReceived()).isTrue();
    }

    @Test
    void spoofedIdentityHeaderIsReplacedNotAppended() throws Exception {
      RawHttp.get(node.proxyPort, "/public/x", "X-User: admin", "x-user: root");
      assertThat(upstream.take().headers().getAll("X-User")).containsExactly("anonymous");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection: X-User", "Connection: keep-alive, X-User", "Connection: x-user, close"})
    void connectionHeaderCannotRemoveAMutatorsHeader(String connection) throws Exception {
      // RawHttp adds its own "Connection: close"; the client's tokens are listed in an extra Connection line.
      RawHttp.get(node.proxyPort, "/public/x", connection);
      EchoUpstream.Received got = upstream.take();
      assertThat(got.headers().getAll("X-User")).containsExactly("anonymous");
    }

    @Test
    void hopByHopHeadersAreNotForwardedInAnyCase() throws Exception {
      RawHttp.get(node.proxyPort, "/public/x", "proxy-AUTHORIZATION: Basic c2VjcmV0", "Proxy-Authenticate: x",
          "KEEP-ALIVE: timeout=5", "Proxy-Connection: keep-alive", "te: trailers", "Trailer: X-T", "X-Kept: yes");
      EchoUpstream.Received got = upstream.take();
      for (String name : new String[] {"Proxy-Authorization", "Proxy-Authenticate", "Keep-Alive", "Proxy-Connection",
          "TE", "Trailer"}) {
        assertThat(got.headers().get(name)).as(name).isNull();
      }
      assertThat(got.headers().get("X-Kept")).isEqualTo("yes");
    }

    @Test
    void connectionListedClientHeadersAreDropped() throws Exception {
      RawHttp.get(node.proxyPort, "/public/x", "Connection: X-Secret", "X-Secret: s");
      assertThat(upstream.take().headers().get("X-Secret")).isNull();
    }

    @Test
    void forwardedHeadersFromClientsAreNotTrustedAndAreReplaced() throws Exception {
      RawHttp.Response r = RawHttp.get(node.proxyPort, "/secure", "X-Forwarded-Proto: https");
      assertThat(r.status()).as("X-Forwarded-Proto must not change the matched scheme").isEqualTo(404);
      RawHttp.get(node.proxyPort, "/public/x", "X-Forwarded-For: 6.6.6.6", "X-Forwarded-Host: evil.example",
          "X-Forwarded-Proto: https", "Forwarded: for=6.6.6.6", "X-Forwarded-Prefix: /evil");
      EchoUpstream.Received got = upstream.take();
      assertThat(got.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
      assertThat(got.headers().get("X-Forwarded-Proto")).isEqualTo("http");
      assertThat(got.headers().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + node.proxyPort);
      assertThat(got.headers().get("Forwarded")).isNull();
      assertThat(got.headers().get("X-Forwarded-Prefix")).isNull();
    }

    @Test
    void webSocketUpgradesAreDecidedLikeAnyRequest() throws Exception {
      RawHttp.Response r = RawHttp.get(node.proxyPort, "/admin/ws", "Upgrade: websocket", "Connection: Upgrade",
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");
      assertThat(r.status()).isEqualTo(403);
      assertThat(upstream.nothingReceived()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/../admin", "/public/%2e%2e/admin", "//admin", "/./admin", "/public/../admin?x=1"})
    void decisionsNormalizeForwardedUri(String uri) throws Exception {
      RawHttp.Response r = RawHttp.get(node.apiPort, "/decisions", "X-Forwarded-Method: GET",
          "X-Forwarded-Proto: http", "X-Forwarded-Host: app.example.com", "X-Forwarded-Uri: " + uri);
      assertThat(r.status()).as(uri).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/..%2fadmin", "/public/a%00b", "/public/..%5Cadmin", "/public/..;/admin"})
    void decisionsRejectEncodedSeparatorsAndNul(String uri) throws Exception {
      RawHttp.Response r = RawHttp.get(node.apiPort, "/decisions", "X-Forwarded-Uri: " + uri,
          "X-Forwarded-Host: app.example.com");
      assertThat(r.status()).as(uri).isEqualTo(400);
    }

    @Test
    void decisionsAnswerGrantedWithMutatedHeadersAndNeverEchoSpoofedOnes() throws Exception {
      RawHttp.Response r = RawHttp.get(node.apiPort, "/decisions", "X-Forwarded-Uri: /public/x",
          "X-Forwarded-Host: app.example.com", "X-User: admin");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("X-User")).isEqualTo("anonymous");
      RawHttp.Response path = RawHttp.get(node.apiPort, "/decisions/public/y");
      assertThat(path.status()).as("path after /decisions").isEqualTo(200);
      RawHttp.Response caseVariant = RawHttp.get(node.apiPort, "/decisions", "X-Forwarded-Uri: /ADMIN");
      assertThat(caseVariant.status()).isEqualTo(404);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TrustedForwardedHeaders {
    TestNode node;

    @BeforeAll
    void start() throws Exception {
      // Set through the environment, which also proves PORTCULLIS_* overrides work.
      node = new TestNode(TestNode.ALL_HANDLERS, RULES, "http://127.0.0.1:" + upstream.port(),
          java.util.Map.of("PORTCULLIS_SERVE_PROXY_TRUST_FORWARDED_HEADERS", "true"));
    }

    @AfterAll
    void stop() {
      node.close();
    }

    @Test
    void forwardedProtoDecidesTheSchemeAndForwardedForIsKept() throws Exception {
      upstream.clear();
      assertThat(RawHttp.get(node.proxyPort, "/secure", "X-Forwarded-Proto: https").status()).isEqualTo(200);
      EchoUpstream.Received got = upstream.take();
      assertThat(got.headers().get("X-Forwarded-Proto")).isEqualTo("https");
      RawHttp.get(node.proxyPort, "/public/x", "X-Forwarded-For: 10.1.2.3");
      assertThat(upstream.take().headers().get("X-Forwarded-For")).isEqualTo("10.1.2.3, 127.0.0.1");
    }
  }
}
