package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rule changes reach every proxy instance; an invalid change is refused and the last good set keeps serving. */
class RuleReloadTest {
  static EchoUpstream upstream;
  static TestNode node;

  static String rule(String authorizer) {
    return """
        - id: app
          match: {url: "http://<[^/]+>/app", methods: [GET]}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: %s}
          mutators: [{handler: noop}]
          upstream: {url: "%%UPSTREAM%%"}
        """.formatted(authorizer);
  }

  @BeforeAll
  static void start() throws Exception {
    upstream = new EchoUpstream();
    node = new TestNode(TestNode.ALL_HANDLERS, rule("allow"), url());
  }

  static String url() {
    return "http://127.0.0.1:" + upstream.port();
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void changesApplyAndInvalidChangesAreRefused() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/app").status()).isEqualTo(200);

    node.writeRules(rule("deny"), url());
    awaitStatus("/app", 403);

    node.writeRules(rule("no_such_authorizer"), url());
    Thread.sleep(500);
    assertThat(RawHttp.get(node.proxyPort, "/app").status()).as("last good set keeps serving").isEqualTo(403);
    assertThat(Http.get(node.apiPort, "/health/ready").status()).isEqualTo(200);

    node.writeRules(rule("allow").replace("GET", "GET, POST"), url());
    awaitStatus("/app", 200);
  }

  /** Every proxy instance must see the change: ask several times over fresh connections. */
  private static void awaitStatus(String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int inARow = 0;
    while (System.nanoTime() < deadline && inARow < 8) {
      inARow = RawHttp.get(node.proxyPort, path).status() == status ? inARow + 1 : 0;
      Thread.sleep(inARow == 0 ? 50 : 0);
    }
    assertThat(inARow).as("%s answered %d consistently", path, status).isEqualTo(8);
  }
}
