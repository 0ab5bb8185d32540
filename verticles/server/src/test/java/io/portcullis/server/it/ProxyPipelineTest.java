package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy pipeline end to end: a real node, a real upstream, requests over TCP. */
class ProxyPipelineTest {
  static EchoUpstream upstream;
  static TestNode node;

  static final String RULES = """
      - id: public
        match: {url: "http://<[^/]+>/public<(/.*)?>", methods: [GET, POST]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators:
          - handler: header
            config:
              headers:
                X-User: "{{ print .Subject }}"
                X-Rest: "{{ printIndex .MatchContext.RegexpCaptureGroups 1 }}"
                X-Method: "{{ .MatchContext.Method }}"
                X-Trace: '{{ .MatchContext.Header.Get "X-Trace" }}'
        upstream: {url: "%UPSTREAM%"}
      - id: named-guest
        match: {url: "http://<[^/]+>/guest", methods: [GET]}
        authenticators: [{handler: anonymous, config: {subject: visitor}}]
        authorizer: {handler: allow}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "%UPSTREAM%"}
      - id: admin
        match: {url: "http://<[^/]+>/admin<(/.*)?>", methods: [GET, POST]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: deny}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: locked
        match: {url: "http://<[^/]+>/locked", methods: [GET]}
        authenticators: [{handler: unauthorized}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: chain
        description: the first responsible authenticator wins; anonymous is skipped when credentials are present
        match: {url: "http://<[^/]+>/chain", methods: [GET]}
        authenticators: [{handler: anonymous}, {handler: noop}]
        authorizer: {handler: allow}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "%UPSTREAM%"}
      - id: cookies
        match: {url: "http://<[^/]+>/cookies", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: cookie, config: {cookies: {user: "{{ print .Subject }}", fixed: "v1"}}}]
        upstream: {url: "%UPSTREAM%"}
      - id: stripped
        match: {url: "http://<[^/]+>/api/<.*>", methods: [GET]}
        authenticators: [{handler: noop}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%/backend", strip_path: /api}
      - id: host-kept
        match: {url: "http://kept.example.com/<.*>", methods: [GET]}
        authenticators: [{handler: noop}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%", preserve_host: true}
      - id: catch-all-low
        priority: -1
        match: {url: "http://<[^/]+>/prio/<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: deny}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: prio-open
        priority: 10
        match: {url: "http://<[^/]+>/prio/open", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: decisions-only
        match: {url: "http://<[^/]+>/no-upstream", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
      """;

  @BeforeAll
  static void start() throws Exception {
    upstream = new EchoUpstream();
    node = new TestNode(TestNode.ALL_HANDLERS, RULES, "http://127.0.0.1:" + upstream.port());
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @BeforeEach
  void clear() {
    upstream.clear();
  }

  @Test
  void anonymousRuleForwardsWithTemplatedHeaders() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/public/a/b?x=1", "X-Trace: t-123", "X-User: forged");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Upstream")).isEqualTo("echo");
    EchoUpstream.Received got = upstream.take();
    assertThat(got.uri()).isEqualTo("/public/a/b?x=1");
    assertThat(got.headers().getAll("X-User")).containsExactly("anonymous");
    assertThat(got.headers().get("X-Rest")).isEqualTo("/a/b");
    assertThat(got.headers().get("X-Method")).isEqualTo("GET");
    assertThat(got.headers().get("X-Trace")).isEqualTo("t-123");
  }

  @Test
  void ruleConfigOverridesGlobalConfig() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/guest").status()).isEqualTo(200);
    assertThat(upstream.take().headers().get("X-User")).isEqualTo("visitor");
  }

  @Test
  void denyAuthorizerAnswers403JsonAndNeverCallsUpstream() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/admin/users");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(403);
    assertThat(error.getString("status")).isEqualTo("Forbidden");
    assertThat(upstream.nothingReceived()).isTrue();
  }

  @Test
  void unauthorizedAuthenticatorAnswers401() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/locked");
    assertThat(r.status()).isEqualTo(401);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message"))
        .isEqualTo("Access credentials are invalid");
    assertThat(upstream.nothingReceived()).isTrue();
  }

  @Test
  void anonymousIsNotResponsibleWhenCredentialsArePresentSoTheNextAuthenticatorRuns() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/chain").status()).isEqualTo(200);
    assertThat(upstream.take().headers().get("X-User")).isEqualTo("anonymous");
    assertThat(RawHttp.get(node.proxyPort, "/chain", "Authorization: Bearer x").status()).isEqualTo(200);
    assertThat(upstream.take().headers().get("X-User")).isEmpty();
  }

  @Test
  void cookieMutatorReplacesSameNamedCookiesAndKeepsOthers() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/cookies", "Cookie: user=admin; theme=dark").status()).isEqualTo(200);
    String cookie = upstream.take().headers().get("Cookie");
    assertThat(cookie).contains("user=anonymous").contains("theme=dark").contains("fixed=v1")
        .doesNotContain("user=admin");
  }

  @Test
  void stripPathAndUpstreamBasePath() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/api/items/7?full=true").status()).isEqualTo(200);
    EchoUpstream.Received got = upstream.take();
    assertThat(got.uri()).isEqualTo("/backend/items/7?full=true");
    assertThat(got.headers().get("Host")).isEqualTo("127.0.0.1:" + upstream.port());
    assertThat(got.headers().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + node.proxyPort);
  }

  @Test
  void preserveHostKeepsTheClientsHost() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/x", "Host: kept.example.com").status()).isEqualTo(200);
    assertThat(upstream.take().headers().get("Host")).isEqualTo("kept.example.com");
  }

  @Test
  void higherPriorityWinsOverACatchAll() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/prio/open").status()).isEqualTo(200);
    assertThat(RawHttp.get(node.proxyPort, "/prio/closed").status()).isEqualTo(403);
  }

  @Test
  void noMatchingRuleIs404Json() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/nowhere");
    assertThat(r.status()).isEqualTo(404);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message"))
        .isEqualTo("Requested url does not match any rules");
    assertThat(RawHttp.send(node.proxyPort, "DELETE", "/public/x").status())
        .as("a method the rule does not list").isEqualTo(404);
  }

  @Test
  void ruleWithoutUpstreamIsAnErrorOnTheProxy() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/no-upstream").status()).isEqualTo(500);
  }

  @Test
  void postBodiesReachTheUpstream() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.proxyPort)) {
      s.getOutputStream().write(("POST /public/form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n"
          + "Connection: close\r\n\r\nhello=world").getBytes());
      String response = new String(s.getInputStream().readAllBytes());
      assertThat(response).startsWith("HTTP/1.1 200").contains("\"body\":\"hello=world\"");
    }
  }

  @Test
  void apiListsRulesAndReportsHealth() throws Exception {
    JsonArray rules = new JsonArray(Http.get(node.apiPort, "/rules").body());
    assertThat(rules.size()).isEqualTo(11);
    assertThat(rules.getJsonObject(0).getString("id")).isEqualTo("public");
    assertThat(rules.getJsonObject(0).getJsonObject("match").getString("url")).isEqualTo("http://<[^/]+>/public<(/.*)?>");
    assertThat(new JsonArray(Http.get(node.apiPort, "/rules?limit=2&offset=1").body()).getJsonObject(0)
        .getString("id")).isEqualTo("named-guest");
    Http.Response one = Http.get(node.apiPort, "/rules/admin");
    assertThat(one.status()).isEqualTo(200);
    assertThat(new JsonObject(one.body()).getJsonObject("authorizer").getString("handler")).isEqualTo("deny");
    assertThat(Http.get(node.apiPort, "/rules/missing").status()).isEqualTo(404);
    assertThat(Http.get(node.apiPort, "/health/alive").status()).isEqualTo(200);
    Http.Response ready = Http.get(node.apiPort, "/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("ok");
    assertThat(new JsonObject(Http.get(node.apiPort, "/version").body()).getString("version")).isNotBlank();
  }

  @Test
  void metricsCountRequestsByRuleDecisionAndStatus() throws Exception {
    RawHttp.get(node.proxyPort, "/admin");
    RawHttp.get(node.proxyPort, "/public/m");
    upstream.take();
    String metrics = Http.get(node.metricsPort, "/metrics").body();
    assertThat(metrics).containsPattern(
        "portcullis_requests_total\\{decision=\"denied\",rule=\"admin\",status=\"403\",surface=\"proxy\"} [1-9]");
    assertThat(metrics).containsPattern(
        "portcullis_requests_total\\{decision=\"granted\",rule=\"public\",status=\"200\",surface=\"proxy\"} [1-9]");
    assertThat(metrics).contains("portcullis_request_duration_seconds_bucket{");
  }
}
