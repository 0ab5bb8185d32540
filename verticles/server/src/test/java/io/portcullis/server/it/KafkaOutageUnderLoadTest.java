package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestPostgres;
import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.portcullis.kafka.events.CloudEvent;
import io.portcullis.kafka.events.EventJson;
import io.portcullis.kafka.events.SessionsRevoked;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stopped and restarted while a node (identity, session, audit and proxy roles) serves a steady load
 * and sessions are revoked: every access decision reaches the audit topic and every revocation the revocation topic,
 * none lost (counted by event id and session id against what the clients made), and requests are served throughout.
 */
class KafkaOutageUnderLoadTest {
  static final String AUDIT = "portcullis.audit";
  static final String REVOCATIONS = "portcullis.sessions.revocations";
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final String PASSWORD = "correct horse battery 9";
  /** Keep-alive HTTP/1.1, as a steady client would load the edge. */
  static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
  static EmbeddedKafka kafka;
  static EchoUpstream upstream;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic(AUDIT, 3);
    kafka.createTopic(REVOCATIONS, 3);
    upstream = new EchoUpstream();
    Path spool = Files.createTempDirectory("portcullis-spool");
    node = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
          sessions:
            revocations: {bootstrap_servers: "%s", max_lag: 1s}
          audit: {enabled: true, bootstrap_servers: "%s", spool: {directory: "%s"}}
        access_rules:
          repositories: [file://rules.yml]
        authenticators:
          anonymous: {enabled: true}
        authorizers:
          allow: {enabled: true}
        mutators:
          noop: {enabled: true}
        """.formatted(kafka.bootstrapServers(), kafka.bootstrapServers(), spool), """
        - id: open
          match: {url: "http://<[^/]+>/open/<.*>", methods: [GET]}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          upstream: {url: "%UPSTREAM%"}
        """, "http://127.0.0.1:" + upstream.port(), Map.of());
    Http.awaitRule(node.apiPort, "open", "anonymous");
    Sessions.createIdentity(ADMIN, "ada@example.com", PASSWORD);
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
    kafka.close();
  }

  @Test
  void noAuditEventOrRevocationIsLostWhileTheBrokerIsDown() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger duringOutage = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean down = new AtomicBoolean();
    Set<String> problems = ConcurrentHashMap.newKeySet();
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int thread = t;
      Thread client = new Thread(() -> {
        for (int i = 0; running.get(); i++) {
          try {
            int status = CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + node.proxyPort + "/open/" + thread + "/" + i)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            requests.incrementAndGet();
            if (status != 200) {
              failed.incrementAndGet();
            } else if (down.get()) {
              duringOutage.incrementAndGet();
            }
            Thread.sleep(10);
          } catch (Exception e) {
            failed.incrementAndGet();
            problems.add(e + " on /open/" + thread + "/" + i + (down.get() ? " (broker down)" : ""));
          }
        }
      });
      client.start();
      load.add(client);
    }
    Set<String> revoked = new HashSet<>();
    revoke(revoked, 5);
    kafka.stop();
    down.set(true);
    revoke(revoked, 10);
    Thread.sleep(3_000);
    kafka = EmbeddedKafka.start(kafka.logDir(), kafka.brokerPort(), kafka.controllerPort());
    down.set(false);
    revoke(revoked, 5);
    Thread.sleep(1_000);
    running.set(false);
    for (Thread t : load) {
      t.join();
    }

    Set<String> accessIds = ConcurrentHashMap.newKeySet();
    read(AUDIT, requests.get(), accessIds::size, bytes -> {
      CloudEvent e = EventJson.parse(bytes);
      if (e.type().startsWith("sh.portcullis.access.")) {
        accessIds.add(e.id());
      }
    });
    Set<String> revokedDelivered = ConcurrentHashMap.newKeySet();
    read(REVOCATIONS, revoked.size(), revokedDelivered::size, bytes -> SessionsRevoked.fromCloudEvent(
        new String(bytes, StandardCharsets.UTF_8)).ifPresent(r -> revokedDelivered.addAll(r.sessionIds())));

    System.out.printf("Kafka stopped for the middle of the run: %d requests (%d while the broker was down, %d not 200);"
            + " access events produced %d, delivered %d (distinct ids); revocations produced %d (10 while down), "
            + "delivered %d%n", requests.get(), duringOutage.get(), failed.get(), requests.get(), accessIds.size(),
        revoked.size(), revokedDelivered.size());
    assertThat(problems).isEmpty();
    assertThat(failed.get()).isZero();
    assertThat(duringOutage.get()).isPositive();
    assertThat(accessIds).hasSize(requests.get());
    assertThat(revokedDelivered).containsExactlyInAnyOrderElementsOf(revoked);
  }

  /** Logs in and revokes {@code n} sessions, keeping their ids. */
  private static void revoke(Set<String> revoked, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      Sessions.Login login = Sessions.login(PUBLIC, "ada@example.com", PASSWORD);
      Sessions.revoke(ADMIN, login.sessionId());
      revoked.add(login.sessionId());
    }
  }

  /** Reads {@code topic} from the start until {@code seen} reaches {@code expected} or 90 s have passed. */
  private static void read(String topic, int expected, java.util.function.IntSupplier seen, Consumer<byte[]> each) {
    AuditTopic.read(kafka, topic, Duration.ofSeconds(90), () -> seen.getAsInt() >= expected, each);
  }
}
