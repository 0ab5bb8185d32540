package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running node (identity, session and proxy roles) and started again: while it is down the
 * identity APIs answer 503 in Kratos' error shape, the edge keeps serving the sessions in its cache and refuses the
 * ones it cannot check; once it is back both recover without a restart. Figures are printed.
 */
class PostgresOutageTest {
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final int PG_PORT = FreePorts.next();
  static final String PASSWORD = "correct horse battery 9";
  static final int REQUESTS = 40;
  static Path data;
  static EmbeddedPostgres postgres;
  static EchoUpstream upstream;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("portcullis-pg");
    postgres = startPostgres();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE outage");
    }
    upstream = new EchoUpstream();
    String dsn = "postgres://postgres:postgres@127.0.0.1:" + PG_PORT + "/outage?sslmode=disable";
    node = new TestNode(Sessions.identityConfig(dsn, PUBLIC, ADMIN) + """
        access_rules:
          repositories: [file://rules.yml]
        authenticators:
          cookie_session:
            enabled: true
            config: {check_session_url: "http://127.0.0.1:%d/sessions/whoami", preserve_path: true,
              subject_from: identity.id}
        authorizers:
          allow: {enabled: true}
        mutators:
          noop: {enabled: true}
        """.formatted(PUBLIC), """
        - id: private
          match: {url: "http://<.*>/private/<.*>", methods: [GET]}
          upstream: {url: "%UPSTREAM%"}
          authenticators: [{handler: cookie_session}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        """, "http://127.0.0.1:" + upstream.port(), Map.of());
    Http.awaitRule(node.apiPort, "private", "cookie_session");
  }

  static EmbeddedPostgres startPostgres() throws Exception {
    return EmbeddedPostgres.builder().setPort(PG_PORT).setDataDirectory(data).setCleanDataDirectory(false).start();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
    upstream.close();
    postgres.close();
  }

  @Test
  void identityAnswers503WhileDownTheEdgeServesCachedSessionsAndBothRecoverAlone() throws Exception {
    Sessions.createIdentity(ADMIN, "ada@example.com", PASSWORD);
    String cached = "ory_kratos_session=" + Sessions.login(PUBLIC, "ada@example.com", PASSWORD).token();
    String uncached = "ory_kratos_session=" + Sessions.login(PUBLIC, "ada@example.com", PASSWORD).token();
    assertThat(Http.get(node.proxyPort, "/private/warm", "Cookie", cached).status()).isEqualTo(200);

    postgres.close();
    Map<String, Integer> edgeCached = new TreeMap<>();
    Map<String, Integer> edgeUncached = new TreeMap<>();
    Map<String, Integer> identity = new TreeMap<>();
    JsonObject shape = null;
    for (int i = 0; i < REQUESTS; i++) {
      count(edgeCached, Http.get(node.proxyPort, "/private/" + i, "Cookie", cached).status());
      count(edgeUncached, Http.get(node.proxyPort, "/private/" + i, "Cookie", uncached).status());
      Http.Response whoami = Http.get(PUBLIC, "/sessions/whoami", "Cookie", cached);
      Http.Response flow = Http.get(PUBLIC, "/self-service/login/api");
      Http.Response admin = Http.get(ADMIN, "/admin/identities");
      count(identity, whoami.status());
      count(identity, flow.status());
      count(identity, admin.status());
      shape = new JsonObject(admin.body());
    }

    postgres = startPostgres();
    long t0 = System.nanoTime();
    long deadline = t0 + Duration.ofSeconds(60).toNanos();
    while (Http.get(PUBLIC, "/self-service/login/api").status() != 200) {
      assertThat(System.nanoTime()).as("identity recovered within 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    double recoveredMs = (System.nanoTime() - t0) / 1e6;
    String fresh = "ory_kratos_session=" + Sessions.login(PUBLIC, "ada@example.com", PASSWORD).token();
    int freshStatus = Http.get(node.proxyPort, "/private/after", "Cookie", fresh).status();
    int uncachedAfter = Http.get(node.proxyPort, "/private/after", "Cookie", uncached).status();

    System.out.printf("PostgreSQL down, %d rounds: edge with a cached session %s, edge with an uncached session %s, "
            + "identity APIs (whoami, login flow, admin list) %s; after restart: identity answering %.0f ms after "
            + "PostgreSQL was back, a new login through the edge %d, the uncached session %d%n", REQUESTS, edgeCached,
        edgeUncached, identity, recoveredMs, freshStatus, uncachedAfter);
    assertThat(edgeCached).containsOnlyKeys("200");
    assertThat(edgeUncached).as("fail closed").doesNotContainKey("200");
    assertThat(identity).containsOnlyKeys("503");
    assertThat(shape.getJsonObject("error").getInteger("code")).isEqualTo(503);
    assertThat(shape.getJsonObject("error").getString("status")).isEqualTo("Service Unavailable");
    assertThat(shape.getJsonObject("error").getString("message")).isNotBlank();
    assertThat(freshStatus).isEqualTo(200);
    assertThat(uncachedAfter).isEqualTo(200);
  }

  private static void count(Map<String, Integer> tally, int status) {
    tally.merge(String.valueOf(status), 1, Integer::sum);
  }
}
