package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error handlers chosen by {@code when}, with the global fallback, as Oathkeeper does. */
class ErrorHandlersTest {
  static EchoUpstream upstream;
  static TestNode node;

  static final String CONFIG = TestNode.ALL_HANDLERS + """
      errors:
        fallback: [json]
        handlers:
          json: {enabled: true, config: {verbose: true}}
          redirect:
            enabled: true
            config: {to: "http://login.example.com/login?flow=1", return_to_query_param: return_to}
          www_authenticate: {enabled: true}
      """;

  static final String RULES = """
      - id: browser-or-api
        match: {url: "http://<[^/]+>/app<.*>", methods: [GET, POST]}
        authenticators: [{handler: unauthorized}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        errors:
          - handler: redirect
            config:
              when:
                - error: [unauthorized]
                  request: {header: {accept: [text/html]}}
          - handler: www_authenticate
            config:
              realm: Api
              when:
                - error: [unauthorized]
                  request: {remote_ip: {match: ["10.0.0.0/8"], respect_forwarded_for_header: true}}
        upstream: {url: "%UPSTREAM%"}
      - id: forbidden-redirect-only-for-401
        match: {url: "http://<[^/]+>/forbidden", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: deny}
        mutators: [{handler: noop}]
        errors:
          - handler: redirect
            config: {when: [{error: [unauthorized]}]}
        upstream: {url: "%UPSTREAM%"}
      - id: permanent
        match: {url: "http://<[^/]+>/moved", methods: [GET]}
        authenticators: [{handler: unauthorized}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        errors: [{handler: redirect, config: {to: "https://elsewhere.example.com/", code: 301}}]
        upstream: {url: "%UPSTREAM%"}
      """;

  @BeforeAll
  static void start() throws Exception {
    upstream = new EchoUpstream();
    node = new TestNode(CONFIG, RULES, "http://127.0.0.1:" + upstream.port());
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void browsersAreRedirectedToLoginWithReturnTo() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/app/page?tab=2",
        "Accept: text/html,application/xhtml+xml;q=0.9");
    assertThat(r.status()).isEqualTo(302);
    String location = r.header("Location");
    assertThat(location).startsWith("http://login.example.com/login?flow=1&return_to=");
    assertThat(URLDecoder.decode(location.substring(location.indexOf("return_to=") + 10), StandardCharsets.UTF_8))
        .isEqualTo("http://127.0.0.1:" + node.proxyPort + "/app/page?tab=2");
  }

  @Test
  void clientsFromAMatchingRangeGetABasicChallenge() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/app", "Accept: application/json",
        "X-Forwarded-For: 10.3.4.5");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Api\"");
  }

  @Test
  void otherwiseTheGlobalFallbackAnswersJson() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/app", "Accept: application/json");
    assertThat(r.status()).isEqualTo(401);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("reason")).as("verbose json").contains("unauthorized authenticator");
  }

  @Test
  void whenErrorFiltersByFailureKind() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/forbidden", "Accept: text/html");
    assertThat(r.status()).as("a 403 is not an unauthorized error, so the fallback answers").isEqualTo(403);
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void redirectCodeIsConfigurable() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/moved");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).as("the global return_to_query_param is merged into the rule's config")
        .startsWith("https://elsewhere.example.com/?return_to=http%3A%2F%2F127.0.0.1");
  }

  @Test
  void decisionsUseTheSameErrorHandlers() throws Exception {
    RawHttp.Response r = RawHttp.get(node.apiPort, "/decisions", "X-Forwarded-Uri: /app/x",
        "X-Forwarded-Host: app.example.com", "X-Forwarded-Proto: http", "Accept: text/html");
    assertThat(r.status()).isEqualTo(302);
    assertThat(URLDecoder.decode(r.header("Location"), StandardCharsets.UTF_8))
        .endsWith("return_to=http://app.example.com/app/x");
  }
}
