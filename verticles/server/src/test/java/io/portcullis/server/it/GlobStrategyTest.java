package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The glob matching strategy through the proxy: {@code *} stays within a segment, {@code **} crosses them. */
class GlobStrategyTest {
  static EchoUpstream upstream;
  static TestNode node;

  static final String RULES = """
      - id: one-level
        match: {url: "http://<*>:<[0-9]*>/files/<*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: deep
        match: {url: "<{http,https}>://<**>/docs/<**>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      """;

  @BeforeAll
  static void start() throws Exception {
    upstream = new EchoUpstream();
    node = new TestNode(TestNode.ALL_HANDLERS.replace("access_rules:\n",
        "access_rules:\n  matching_strategy: glob\n"), RULES, "http://127.0.0.1:" + upstream.port());
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void singleStarStaysInOneSegment() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/files/a", "Host: localhost:8080").status()).isEqualTo(200);
    assertThat(RawHttp.get(node.proxyPort, "/files/a/b", "Host: localhost:8080").status()).isEqualTo(404);
    assertThat(RawHttp.get(node.proxyPort, "/files/a", "Host: app.example.com:8080").status())
        .as("* does not cross '.'").isEqualTo(404);
  }

  @Test
  void doubleStarCrossesSegments() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/docs/a/b/c.html", "Host: app.example.com").status()).isEqualTo(200);
  }
}
