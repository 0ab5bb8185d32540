package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.portcullis.kafka.events.CloudEvent;
import io.portcullis.kafka.events.EventJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit stream against a real Kafka broker (in-process KRaft): every decision arrives exactly once after
 * de-duplication by id, also when the broker goes away mid-run and when a node restarts with a full spool.
 */
class AuditStreamTest {
  static final String TOPIC = "portcullis.audit";
  static final String RULES = """
      - id: open
        match: {url: "http://<[^/]+>/open<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: closed
        match: {url: "http://<[^/]+>/closed<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: deny}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: quiet
        match: {url: "http://<[^/]+>/static<.*>", methods: [GET]}
        audit: false
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      """;

  @TempDir
  Path dir;
  EmbeddedKafka kafka;
  EchoUpstream upstream;

  @BeforeEach
  void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic(TOPIC, 3);
    upstream = new EchoUpstream();
  }

  @AfterEach
  void stop() {
    upstream.close();
    kafka.close();
  }

  TestNode node() throws Exception {
    return node("http://127.0.0.1:" + upstream.port());
  }

  TestNode node(String upstreamUrl) throws Exception {
    return new TestNode(TestNode.ALL_HANDLERS, RULES, upstreamUrl, AuditTopic.auditOn(kafka,
        dir.resolve("spool"), "PORTCULLIS_PORTCULLIS_AUDIT_SPOOL_FSYNC", "always"));
  }

  Map<String, CloudEvent> events(int expected, Duration within) {
    return AuditTopic.events(kafka, TOPIC, expected, within);
  }

  @Test
  void everyDecisionArrivesOnceAfterDeduplication() throws Exception {
    try (TestNode node = node()) {
      for (int i = 0; i < 60; i++) {
        assertThat(RawHttp.get(node.proxyPort, "/open/" + i + "?token=secret", "Cookie: session=secret",
            "User-Agent: audit-test", "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .status()).isEqualTo(200);
        assertThat(RawHttp.get(node.proxyPort, "/closed/" + i).status()).isEqualTo(403);
        assertThat(RawHttp.get(node.proxyPort, "/static/app.js").status()).isEqualTo(200);
      }
      assertThat(RawHttp.get(node.apiPort, "/decisions", "X-Forwarded-Uri: /closed/x").status()).isEqualTo(403);
      Map<String, CloudEvent> events = events(121, Duration.ofSeconds(20));
      assertThat(events).hasSize(121);
      List<CloudEvent> granted = events.values().stream()
          .filter(e -> e.type().equals("sh.portcullis.access.granted.v1")).toList();
      assertThat(granted).hasSize(60);
      CloudEvent one = granted.get(0);
      assertThat(one.specversion()).isEqualTo("1.0");
      assertThat(one.subject()).isEqualTo("anonymous");
      assertThat(one.data()).containsEntry("rule_id", "open").containsEntry("surface", "proxy")
          .containsEntry("user_agent", "audit-test").containsEntry("trace_id", "0af7651916cd43dd8448eb211c80319c")
          .containsEntry("status", 200);
      assertThat((String) one.data().get("path")).startsWith("/open/").doesNotContain("?");
      String all = events.values().toString();
      assertThat(all).as("no query strings, cookies or tokens").doesNotContain("secret");
      assertThat(events.values().stream().filter(e -> "decisions".equals(e.data().get("surface")))).hasSize(1);
      assertThat(events.values().stream().filter(e -> "closed".equals(e.data().get("rule_id"))
          && "deny".equals(e.data().get("handler")))).hasSize(61);
    }
  }

  @Test
  void aWebSocketUpgradeIsRecordedWhenTheUpstreamAnswersWithTheStatusTheClientGot() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (WebSocketUpstream ws = new WebSocketUpstream(); TestNode node = node("http://127.0.0.1:" + ws.port())) {
      WebSocketClient client = vertx.createWebSocketClient();
      WebSocket open = client.connect(node.proxyPort, "127.0.0.1", "/open/chat").await(10, TimeUnit.SECONDS);
      assertThat(catchThrowable(() -> client.connect(node.proxyPort, "127.0.0.1", "/open/refuse")
          .await(10, TimeUnit.SECONDS))).isInstanceOf(UpgradeRejectedException.class);
      // While the first one is still open.
      Map<String, CloudEvent> events = events(2, Duration.ofSeconds(20));
      assertThat(events.values()).allSatisfy(e -> assertThat(e.type()).isEqualTo("sh.portcullis.access.granted.v1"))
          .extracting(e -> e.data().get("path") + " " + e.data().get("status"))
          .containsExactlyInAnyOrder("/open/chat 101", "/open/refuse 403");
      open.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void auditTailFollowsTheTopicWithFilters() throws Exception {
    try (TestNode node = node()) {
      RawHttp.get(node.proxyPort, "/open/1");
      RawHttp.get(node.proxyPort, "/closed/2");
      RawHttp.get(node.proxyPort, "/open/3");
      assertThat(events(3, Duration.ofSeconds(20))).hasSize(3);
    }
    io.portcullis.server.CliTestAccess.Run denied = io.portcullis.server.CliTestAccess.run("audit", "tail",
        "--bootstrap-servers", kafka.bootstrapServers(), "--from-beginning", "--type", "access.denied",
        "--idle-timeout", "3");
    assertThat(denied.code()).isEqualTo(0);
    assertThat(denied.out()).contains("access.denied").contains("rule=closed").contains("/closed/2")
        .contains("subject=anonymous").contains("handler=deny").doesNotContain("/open/");
    io.portcullis.server.CliTestAccess.Run json = io.portcullis.server.CliTestAccess.run("audit", "tail",
        "--bootstrap-servers", kafka.bootstrapServers(), "--from-beginning", "--rule", "open", "--json",
        "--max", "2");
    assertThat(json.out().lines()).hasSize(2).allSatisfy(line -> assertThat(EventJson.parse(
        line.getBytes(java.nio.charset.StandardCharsets.UTF_8)).data()).containsEntry("rule_id", "open"));
  }

  @Test
  void brokerStoppedMidRunLosesNothingAndRequestsKeepBeingServed() throws Exception {
    try (TestNode node = node()) {
      for (int i = 0; i < 50; i++) {
        assertThat(RawHttp.get(node.proxyPort, "/open/a" + i).status()).isEqualTo(200);
      }
      assertThat(events(50, Duration.ofSeconds(20))).hasSize(50);
      kafka.stop();
      for (int i = 0; i < 100; i++) {
        assertThat(RawHttp.get(node.proxyPort, "/open/b" + i).status()).as("served without Kafka").isEqualTo(200);
      }
      kafka = EmbeddedKafka.start(kafka.logDir(), kafka.brokerPort(), kafka.controllerPort());
      assertThat(events(150, Duration.ofSeconds(60))).hasSize(150);
    }
  }

  @Test
  void aNodeRestartedWithANonEmptySpoolDeliversEverything() throws Exception {
    try (TestNode node = node()) {
      kafka.stop();
      for (int i = 0; i < 40; i++) {
        assertThat(RawHttp.get(node.proxyPort, "/closed/" + i).status()).isEqualTo(403);
      }
      // Sends to the stopped broker fail within the producer's delivery timeout and land in the spool.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && !Http.get(node.metricsPort, "/metrics").body()
          .contains("portcullis_audit_spool_events 40.0")) {
        Thread.sleep(200);
      }
      assertThat(Http.get(node.metricsPort, "/metrics").body()).contains("portcullis_audit_spool_events 40.0");
    }
    assertThat(Files.list(dir.resolve("spool")).count()).isPositive();
    kafka = EmbeddedKafka.start(kafka.logDir(), kafka.brokerPort(), kafka.controllerPort());
    try (TestNode restarted = node()) {
      assertThat(events(40, Duration.ofSeconds(60))).hasSize(40);
    }
  }
}
