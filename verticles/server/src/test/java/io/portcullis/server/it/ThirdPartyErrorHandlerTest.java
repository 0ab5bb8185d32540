package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error handlers are a pipeline stage like the others: a plugin's is found through PF4J, matched by its when. */
class ThirdPartyErrorHandlerTest {
  static EchoUpstream upstream;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    upstream = new EchoUpstream();
    String rules = """
        - id: teapot
          match: {url: "http://<[^/]+>/teapot", methods: [GET]}
          authenticators: [{handler: unauthorized}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          errors:
            - {handler: test_teapot, config: {note: "denied by", when: [{error: [forbidden]}]}}
            - {handler: test_teapot, config: {note: "unauthorized by", when: [{error: [unauthorized]}]}}
          upstream: {url: "%UPSTREAM%"}
        - id: broken
          match: {url: "http://<[^/]+>/broken", methods: [GET]}
          authenticators: [{handler: unauthorized}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          errors: [{handler: test_error_throws}]
          upstream: {url: "%UPSTREAM%"}
        """;
    String config = TestNode.ALL_HANDLERS + """
        errors:
          handlers:
            test_teapot: {enabled: true}
            test_error_throws: {enabled: true}
        """;
    node = new TestNode(config, rules, "http://127.0.0.1:" + upstream.port(), java.util.Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void aPluginsErrorHandlerAnswersWhenItsConditionsMatch() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/teapot");
    assertThat(r.status()).isEqualTo(418);
    assertThat(r.body()).isEqualTo("unauthorized by teapot 401");
    assertThat(upstream.nothingReceived()).isTrue();
  }

  @Test
  void anErrorHandlerThatThrowsIsAnsweredForWithOrysJsonError() throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/broken");
    assertThat(r.status()).isEqualTo(401);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getInteger("code")).isEqualTo(401);
    assertThat(r.body()).doesNotContain("secret internal detail");
  }
}
