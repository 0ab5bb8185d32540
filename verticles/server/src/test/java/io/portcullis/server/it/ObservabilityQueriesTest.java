package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portcullis.identity.TestPostgres;
import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of deploy/observability (the Grafana dashboard's panels and variables, the PrometheusRule's
 * and the VMRule's alerts) reads only metrics a running node exports: a node with the proxy, session, audit, identity
 * and rules roles (embedded PostgreSQL, the in-process KRaft broker) serves an allowed, a denied, a forward-auth and a
 * session request, a login and a wrong password, then its /metrics is scraped (and the two logins counted). A renamed
 * metric fails here with its name and file.
 */
class ObservabilityQueriesTest {
  /** Series the scraper makes itself rather than the node (Prometheus and vmagent both). */
  private static final Set<String> SCRAPER_SERIES = Set.of("up");
  private static final Path OBSERVABILITY = Path.of("../../deploy/observability").toAbsolutePath().normalize();
  private static final int PUBLIC = FreePorts.next();
  private static final int ADMIN = FreePorts.next();
  private static final String OPEN_RULE = """
      - id: open
        match: {url: "http://<[^/]+>/open<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      """;

  @TempDir
  Path spool;

  @Test
  void everyQueryNamesAMetricTheNodeExports() throws Exception {
    Map<Path, List<String>> expressions = expressions();
    assertThat(expressions).as("files under " + OBSERVABILITY).hasSizeGreaterThanOrEqualTo(3);
    Set<String> exported;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); EchoUpstream upstream = new EchoUpstream();
        TestNode node = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
              sessions:
                revocations: {bootstrap_servers: "%s"}
            """.formatted(kafka.bootstrapServers()) + Sessions.cookieSessionHandlers("file://rules.yml", PUBLIC)
            + "  anonymous: {enabled: true}\n",
            Sessions.privateRule(upstream.port()) + OPEN_RULE, "http://127.0.0.1:" + upstream.port(),
            AuditTopic.auditOn(kafka, spool))) {
      Http.awaitRule(node.apiPort, "private", "cookie_session");
      assertThat(Http.get(node.proxyPort, "/open/a").status()).isEqualTo(200);
      assertThat(Http.get(node.proxyPort, "/private/a").status()).as("no session: denied").isEqualTo(401);
      assertThat(Http.get(node.apiPort, "/decisions/open/b").status()).isEqualTo(200);
      Sessions.createIdentity(ADMIN, "ada@example.com", "correct horse battery 9");
      String token = Sessions.login(PUBLIC, "ada@example.com", "correct horse battery 9").token();
      String flow = new JsonObject(Sessions.send("GET", PUBLIC, "/self-service/login/api", null,
          200)).getString("id");
      Sessions.send("POST", PUBLIC, "/self-service/login?flow=" + flow, new JsonObject()
          .put("method", "password").put("identifier", "ada@example.com").put("password", "wrong"), 400);
      assertThat(Http.get(node.proxyPort, "/private/b", "Cookie", "ory_kratos_session=" + token).status())
          .isEqualTo(200);
      // The GC meters appear with the first collection.
      System.gc();
      String scrape = Http.get(node.metricsPort, "/metrics").body();
      assertThat(scrape).contains("portcullis_identity_flow_submissions_total{flow=\"login\",outcome=\"failed\"} 1.0",
          "portcullis_identity_flow_submissions_total{flow=\"login\",outcome=\"succeeded\"} 1.0");
      exported = sampleNames(scrape);
    }
    Map<String, Set<String>> missing = new TreeMap<>();
    expressions.forEach((file, exprs) -> exprs.forEach(expr -> PromQlNames.in(expr).stream()
        .filter(name -> !exported.contains(name) && !SCRAPER_SERIES.contains(name))
        .forEach(name -> missing.computeIfAbsent(OBSERVABILITY.relativize(file) + ": " + name,
            k -> new TreeSet<>()).add(expr))));
    assertThat(missing).as("metrics the queries read that the node does not export (exported: " + exported + ")")
        .isEmpty();
  }

  /** The names of the samples of a Prometheus text exposition ({@code x_bucket}, {@code x_count}, ... as written). */
  private static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  /** Each file's expressions: the dashboard's targets and variable queries, the alert files' rule expressions. */
  private static Map<Path, List<String>> expressions() throws IOException {
    Map<Path, List<String>> out = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (Stream<Path> files = Files.walk(OBSERVABILITY)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        List<String> exprs = new ArrayList<>();
        if (f.toString().endsWith(".json")) {
          collect(json.readTree(f.toFile()), exprs);
        } else if (f.toString().endsWith(".yaml")) {
          for (JsonNode doc : yaml.readValues(yaml.createParser(f.toFile()), JsonNode.class).readAll()) {
            if (doc.path("kind").asText().matches("PrometheusRule|VMRule")) {
              doc.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> exprs.add(r.path("expr")
                  .asText())));
            }
          }
        }
        if (!exprs.isEmpty()) {
          out.put(f, exprs);
        }
      }
    }
    return out;
  }

  /** Grafana's {@code expr} of every target and the {@code query} of every query variable, wherever nested. */
  private static void collect(JsonNode node, List<String> into) {
    if (node.isObject()) {
      if (node.path("expr").isTextual()) {
        into.add(node.path("expr").asText());
      }
      if ("query".equals(node.path("type").asText())) {
        JsonNode q = node.path("query");
        into.add(q.isTextual() ? q.asText() : q.path("query").asText());
      }
    }
    node.forEach(child -> collect(child, into));
  }

  @Test
  void namesAreReadFromExpressions() {
    assertThat(PromQlNames.in("histogram_quantile(0.99, sum by (le, rule) (rate("
        + "portcullis_request_duration_seconds_bucket{job=~\"$job\", decision!=\"granted\"}[$__rate_interval])))"))
        .containsExactly("portcullis_request_duration_seconds_bucket");
    assertThat(PromQlNames.in("sum(rate(a_total[5m] offset 1h)) by (x) / on (x) group_left (y) b > bool 0 "
        + "and up == 0 unless c{l=\"by (z)\"}")).containsExactly("a_total", "b", "c", "up");
    assertThat(PromQlNames.in("label_values(portcullis_build_info{job=\"$job\"}, namespace)"))
        .containsExactly("portcullis_build_info");
    assertThat(PromQlNames.in("1e3 * time() - x_seconds")).containsExactly("x_seconds");
  }
}
