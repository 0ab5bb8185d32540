package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestPostgres;
import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Portcullis JVMs clustered over Hazelcast on loopback, all reading one rules file. Node 1 runs every role (the
 * identity service included) and starts first, so it leads the rules; nodes 2 and 3 run {@code [edge, rules]}: rules
 * standbys. Their Kafka revocation topic is one nobody writes to, so a revocation can reach their session caches only
 * over the clustered event bus. Then node 1 is killed with SIGKILL while load runs against nodes 2 and 3; a standby
 * takes the lead, a rule change made meanwhile reaches both, and node 1 restarted rejoins on the set in force. Last,
 * node 2 is stopped with SIGTERM while a request is in flight: the request is answered, and the others carry on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  static final Duration START = Duration.ofSeconds(90);
  static final String SILENT_TOPIC = "portcullis.test.silent-revocations";
  static EmbeddedKafka kafka;
  static EchoUpstream upstream;
  static SlowUpstream slow;
  static Path rulesFile;
  static final List<NodeProcess> nodes = new ArrayList<>();
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic(SILENT_TOPIC, 1);
    upstream = new EchoUpstream();
    slow = new SlowUpstream();
    String dsn = TestPostgres.newDatabase();
    rulesFile = Files.createTempDirectory("portcullis-cluster").resolve("rules.yml");
    writeRules("v1");
    int[] hazelcast = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
    String members = "[127.0.0.1:" + hazelcast[0] + ", 127.0.0.1:" + hazelcast[1] + ", 127.0.0.1:" + hazelcast[2] + "]";
    String handlers = """
        access_rules: {repositories: ["file://%s"]}
        authenticators:
          anonymous: {enabled: true}
          cookie_session:
            enabled: true
            config: {check_session_url: "http://127.0.0.1:%d/sessions/whoami", preserve_path: true,
              subject_from: identity.id}
        authorizers: {allow: {enabled: true}}
        mutators: {noop: {enabled: true}}
        """.formatted(rulesFile, PUBLIC);
    for (int i = 0; i < 3; i++) {
      String own = i == 0
          ? Sessions.identityConfig(dsn, PUBLIC, ADMIN) + revocations("portcullis.sessions.revocations")
          : "  roles: [edge, rules]\n  identity: {dsn: \"" + dsn + "\"}\n" + revocations(SILENT_TOPIC);
      nodes.add(new NodeProcess("cluster" + (i + 1), """
            rules: {reload_interval: 200ms}
            cluster: {enabled: true, port: %d, members: %s}
          """.formatted(hazelcast[i], members) + own + handlers, ""));
      if (i == 0) {
        // The first node up leads the rules.
        nodes.get(0).awaitTrusted(START);
      }
    }
    for (NodeProcess n : nodes) {
      n.awaitTrusted(START);
    }
    Sessions.createIdentity(ADMIN, "ada@example.com", "correct horse battery 9");
  }

  private static String revocations(String topic) {
    return "  sessions: {revocations: {bootstrap_servers: \"" + kafka.bootstrapServers() + "\", topic: " + topic
        + "}}\n";
  }

  @AfterAll
  static void stop() {
    nodes.forEach(NodeProcess::close);
    if (upstream != null) {
      upstream.close();
    }
    if (slow != null) {
      slow.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Order(1)
  void aRuleChangeAtTheSourceReachesEveryNodeWithTheSameVersion() throws Exception {
    String before = awaitSameVersion(nodes, "v1");
    writeRules("v2");
    String after = awaitSameVersion(nodes, "v2");
    assertThat(after).isNotEqualTo(before).hasSize(64);
    for (NodeProcess n : nodes) {
      assertThat(version(n)).isEqualTo(after);
      assertThat(Http.get(n.proxyPort, "/public/x").status()).isEqualTo(200);
    }
  }

  @Test
  @Order(2)
  void aRevocationOnOneNodeIsDeniedOnTheOtherTwoOverTheBus() throws Exception {
    Sessions.Login login = Sessions.login(PUBLIC, "ada@example.com", "correct horse battery 9");
    String cookie = "ory_kratos_session=" + login.token();
    for (NodeProcess n : nodes) {
      // The second request is answered from the node's session cache.
      assertThat(Http.get(n.proxyPort, "/private/warm", "Cookie", cookie).status()).isEqualTo(200);
      assertThat(Http.get(n.proxyPort, "/private/warm", "Cookie", cookie).status()).isEqualTo(200);
    }
    long revoked = System.nanoTime();
    Sessions.revoke(ADMIN, login.sessionId());
    List<String> denied = new ArrayList<>();
    for (NodeProcess n : nodes.subList(1, 3)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status = 200;
      while (status == 200 && System.nanoTime() < deadline) {
        status = Http.get(n.proxyPort, "/private/after", "Cookie", cookie).status();
      }
      assertThat(status).as("revoked session on " + n.dir + " (its Kafka topic is silent: only the bus evicts)")
          .isEqualTo(401);
      denied.add(String.format("%.1f ms", (System.nanoTime() - revoked) / 1e6));
    }
    // One sample, nodes asked in turn: an upper bound for the second node, not a latency distribution.
    System.out.printf("cluster: revoked session denied over the bus alone on node 2 after %s, node 3 after %s"
        + " (from the admin call)%n", denied.get(0), denied.get(1));
  }

  @Test
  @Order(3)
  void aNodeKilledUnderLoadLosesNoRequestOnTheOthersAndRejoinsOnTheSetInForce() throws Exception {
    List<NodeProcess> survivors = nodes.subList(1, 3);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService load = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      NodeProcess target = survivors.get(t % 2);
      load.submit(() -> {
        while (running.get()) {
          try {
            int status = Http.get(target.proxyPort, "/public/load").status();
            sent.incrementAndGet();
            if (status != 200) {
              failures.add(target.dir + ": " + status);
            }
          } catch (Exception e) {
            sent.incrementAndGet();
            failures.add(target.dir + ": " + e);
          }
        }
        return null;
      });
    }
    try {
      Thread.sleep(1_000);
      NodeProcess leader = nodes.get(0);
      leader.kill();
      long killedAt = System.nanoTime();
      // The killed node led the rules: a standby takes over once Hazelcast has declared it dead.
      writeRules("v3");
      String v3 = awaitSameVersion(survivors, "v3");
      double takeover = (System.nanoTime() - killedAt) / 1e9;
      leader.launch();
      leader.awaitTrusted(START);
      assertThat(awaitSameVersion(nodes, "v3")).isEqualTo(v3);
      assertThat(Http.get(leader.proxyPort, "/public/x").status()).isEqualTo(200);
      running.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      System.out.printf("cluster: %d requests to the surviving nodes while node 1 was killed and restarted, %d failed;"
          + " the rule change after the kill was in force on both after %.1f s%n", sent.get(), failures.size(),
          takeover);
      assertThat(sent.get()).isGreaterThan(100);
      assertThat(failures).isEmpty();
    } finally {
      running.set(false);
      load.shutdownNow();
    }
  }

  @Test
  @Order(4)
  void aNodeStoppedWithSigtermFinishesTheRequestInFlightAndTheOthersCarryOn() throws Exception {
    NodeProcess stopping = nodes.get(1);
    // HTTP/1.1: the JDK 17 client fails every stream of a connection on GOAWAY, even streams the server finishes.
    var answer = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
        .sendAsync(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + stopping.proxyPort + "/slow/x")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(slow.arrived.await(10, TimeUnit.SECONDS)).as("the slow request reached the upstream").isTrue();
    long t0 = System.nanoTime();
    int exit = stopping.terminate(Duration.ofSeconds(60));
    // 143: ended by SIGTERM after the shutdown hook ran.
    assertThat(exit).isEqualTo(143);
    assertThat(answer.get(5, TimeUnit.SECONDS).statusCode()).as("the request in flight was answered").isEqualTo(200);
    System.out.printf("cluster: SIGTERM to exit in %.1f s with a %d ms request in flight%n",
        (System.nanoTime() - t0) / 1e9, SlowUpstream.DELAY_MS);
    writeRules("v4");
    awaitSameVersion(List.of(nodes.get(0), nodes.get(2)), "v4");
  }

  /** An upstream that answers after {@link #DELAY_MS}, so a request is still in flight when its node is stopped. */
  static final class SlowUpstream implements AutoCloseable {
    static final int DELAY_MS = 1_500;
    final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
    private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    private final io.vertx.core.http.HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      arrived.countDown();
      vertx.setTimer(DELAY_MS, t -> req.response().end("slow"));
    }).listen(0, "127.0.0.1").await();

    int port() {
      return server.actualPort();
    }

    @Override
    public void close() {
      vertx.close().await();
    }
  }

  private static void writeRules(String marker) throws Exception {
    Path tmp = rulesFile.resolveSibling(".rules.tmp");
    Files.writeString(tmp, """
        - id: public
          description: "%s"
          match: {url: "http://<.*>/public/<.*>", methods: [GET]}
          upstream: {url: "http://127.0.0.1:%d"}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        - id: private
          match: {url: "http://<.*>/private/<.*>", methods: [GET]}
          upstream: {url: "http://127.0.0.1:%d"}
          authenticators: [{handler: cookie_session}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        - id: slow
          match: {url: "http://<.*>/slow/<.*>", methods: [GET]}
          upstream: {url: "http://127.0.0.1:%d"}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        """.formatted(marker, upstream.port(), upstream.port(), slow.port()));
    Files.move(tmp, rulesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Waits (bounded) until every node lists the rules with {@code marker}, all under one version; returns it. */
  private static String awaitSameVersion(List<NodeProcess> which, String marker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      seen.clear();
      for (NodeProcess n : which) {
        Http.Response rules = Http.get(n.apiPort, "/rules");
        String header = rules.headers().firstValue("Portcullis-Ruleset-Version").orElse("none");
        seen.add(rules.body().contains("\"" + marker + "\"") ? header : "old:" + header);
      }
      if (seen.stream().distinct().count() == 1 && !seen.get(0).startsWith("old:")) {
        return seen.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the nodes did not agree on the rules " + marker + " within 30 s: " + seen);
  }

  private static String version(NodeProcess n) throws Exception {
    return new JsonObject(n.ready()).getJsonObject("rules").getString("version");
  }
}
