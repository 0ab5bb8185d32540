package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestPostgres;
import io.portcullis.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions at the edge on real PostgreSQL and a real Kafka broker: the identity role, the session role and the proxy
 * on one node. A logged-in cookie or bearer token reaches the upstream with the identity's headers, is answered from
 * the cache on the next request, and is denied right after an admin revokes the session.
 */
class SessionEdgeTest {
  static EchoUpstream upstream;
  static TestNode node;
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  private static EmbeddedKafka kafka;

  /** The in-process KRaft broker; {@link SessionEdgeOnKafkaContainerTest} runs the same tests on a real one. */
  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    startNode(kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    stopNode();
    kafka.close();
  }

  static void startNode(String bootstrapServers) throws Exception {
    upstream = new EchoUpstream();
    String whoami = "http://127.0.0.1:" + PUBLIC + "/sessions/whoami";
    node = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
          sessions:
            revocations: {bootstrap_servers: "%s"}
        access_rules:
          repositories: [file://rules.yml]
        authenticators:
          cookie_session:
            enabled: true
            config: {check_session_url: "%s", preserve_path: true, subject_from: identity.id,
              extra_from: identity.traits, only: [ory_kratos_session]}
          bearer_token:
            enabled: true
            config: {check_session_url: "%s", preserve_path: true, subject_from: identity.id,
              extra_from: identity.traits}
        authorizers:
          allow: {enabled: true}
        mutators:
          header:
            enabled: true
            config:
              headers: {X-User: "{{ print .Subject }}", X-Email: "{{ print .Extra.email }}"}
        """.formatted(bootstrapServers, whoami, whoami), """
        - id: private
          match: {url: "http://<.*>/private/<.*>", methods: [GET]}
          upstream: {url: "%UPSTREAM%"}
          authenticators: [{handler: cookie_session}, {handler: bearer_token}]
          authorizer: {handler: allow}
          mutators: [{handler: header}]
        """, "http://127.0.0.1:" + upstream.port(), Map.of());
    Http.awaitRule(node.apiPort, "private", "cookie_session");
    awaitTrusted();
  }

  static void stopNode() {
    node.close();
    upstream.close();
  }

  @Test
  void aRevokedCookieSessionIsDeniedOnTheNextRequest() throws Exception {
    String id = Sessions.createIdentity(ADMIN, "ada@example.com", "correct horse battery 9");
    Sessions.Login login = Sessions.login(PUBLIC, "ada@example.com", "correct horse battery 9");
    String cookie = "ory_kratos_session=" + login.token();

    upstream.clear();
    assertThat(Http.get(node.proxyPort, "/private/a", "Cookie", cookie).status()).isEqualTo(200);
    EchoUpstream.Received seen = upstream.take();
    assertThat(seen.headers().get("X-User")).isEqualTo(id);
    assertThat(seen.headers().get("X-Email")).isEqualTo("ada@example.com");
    double hits = metric("portcullis_session_cache_hits_total");
    assertThat(Http.get(node.proxyPort, "/private/b", "Cookie", cookie).status()).isEqualTo(200);
    assertThat(metric("portcullis_session_cache_hits_total")).isGreaterThan(hits);

    Sessions.revoke(ADMIN, login.sessionId());
    assertThat(deniedWithin(cookie, "Cookie", Duration.ofSeconds(2))).isTrue();
    assertThat(Http.get(node.proxyPort, "/private/c", "Cookie", cookie).status()).isEqualTo(401);
  }

  @Test
  void aBearerTokenIsCheckedAndRevokedTheSameWay() throws Exception {
    Sessions.createIdentity(ADMIN, "bob@example.com", "correct horse battery 9");
    Sessions.Login login = Sessions.login(PUBLIC, "bob@example.com", "correct horse battery 9");
    String bearer = "Bearer " + login.token();
    assertThat(Http.get(node.proxyPort, "/private/a", "Authorization", bearer).status()).isEqualTo(200);
    assertThat(Http.get(node.proxyPort, "/private/a", "Authorization", "Bearer ory_st_forged").status())
        .isEqualTo(401);
    Sessions.revoke(ADMIN, login.sessionId());
    assertThat(deniedWithin(bearer, "Authorization", Duration.ofSeconds(2))).isTrue();
  }

  @Test
  void readinessSaysTheCacheIsTrusted() throws Exception {
    assertThat(Http.get(node.apiPort, "/health/ready").body()).contains("\"cache\":\"trusted\"");
  }

  private static boolean deniedWithin(String value, String header, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (Http.get(node.proxyPort, "/private/x", header, value).status() == 401) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  static void awaitTrusted() throws Exception {
    Http.awaitTrusted(node.apiPort);
  }

  private static double metric(String name) throws Exception {
    for (String line : Http.get(node.metricsPort, "/metrics").body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
