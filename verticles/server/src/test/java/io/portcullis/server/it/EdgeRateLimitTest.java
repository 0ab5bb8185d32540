package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.portcullis.kafka.events.CloudEvent;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code portcullis.proxy.rate_limits} through a real node, an upstream on loopback and an in-process Kafka broker: a
 * rule limited to 1 request per second with a burst of 5 lets a client's first 5 requests through and answers the
 * next ones 429 with {@code Retry-After} in the JSON error format, until the bucket refills; another client address
 * has its own bucket; {@code /decisions} is limited alike (keyed by the ingress' {@code X-Forwarded-For}); a limit by
 * subject is shared by addresses; a flood becomes at most one audit event a second per key; the metrics count every
 * refusal. A rate of 1/s makes the counts hold on a slow machine: the refill during a burst is bounded by its
 * duration, which the assertions allow for.
 */
class EdgeRateLimitTest {
  static final String TOPIC = "portcullis.audit";
  static final String RULES = """
      - id: limited
        match: {url: "http://<[^/]+>/limited<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: per-subject
        match: {url: "http://<[^/]+>/subject<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      - id: open
        match: {url: "http://<[^/]+>/open<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      """;
  static EmbeddedKafka kafka;
  static EchoUpstream upstream;
  static TestNode node;
  static Path spool;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic(TOPIC, 3);
    upstream = new EchoUpstream();
    spool = Files.createTempDirectory("portcullis-spool");
    node = new TestNode(TestNode.ALL_HANDLERS, RULES, "http://127.0.0.1:" + upstream.port(), AuditTopic.auditOn(
        kafka, spool, "PORTCULLIS_PORTCULLIS_PROXY_RATE_LIMITS", "[{rule: limited, requests_per_second: 1, burst: 5},"
            + " {rule: per-*, requests_per_second: 1, burst: 2, key: subject}]"));
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
    kafka.close();
  }

  /** Statuses of {@code n} requests sent one after another, and how long they took. */
  record Burst(List<RawHttp.Response> responses, long millis) {
    long passed() {
      return responses.stream().filter(r -> r.status() == 200).count();
    }

    List<RawHttp.Response> refused() {
      return responses.stream().filter(r -> r.status() == 429).toList();
    }

    /** The most a 1/s bucket of 5 can let through in this burst: 5, and one per second it lasted, rounded up. */
    long bound() {
      return 5 + (millis + 999) / 1000;
    }
  }

  static Burst burst(String from, int port, String target, int n, String... headers) throws Exception {
    List<RawHttp.Response> out = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      out.add(RawHttp.sendFrom(from, port, "GET", target, headers));
    }
    return new Burst(out, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @Test
  void aLimitedRuleLetsTheBurstThroughThenAnswers429UntilItRefillsPerClientAndOnDecisions() throws Exception {
    Burst first = burst("127.0.0.1", node.proxyPort, "/limited/a", 20);
    Burst second = burst("127.0.0.2", node.proxyPort, "/limited/a", 20);
    Burst decisions = burst("127.0.0.1", node.apiPort, "/decisions/limited/a", 20, "X-Forwarded-For: 10.1.1.1");
    Burst open = burst("127.0.0.1", node.proxyPort, "/open/a", 20);
    System.out.printf("rate limit 1/s burst 5, 20 requests each: 127.0.0.1 %d passed in %d ms, 127.0.0.2 %d in %d ms,"
            + " /decisions for 10.1.1.1 %d in %d ms, unlimited rule %d%n", first.passed(), first.millis(),
        second.passed(), second.millis(), decisions.passed(), decisions.millis(), open.passed());

    for (Burst b : List.of(first, second, decisions)) {
      assertThat(b.responses().subList(0, 5)).as("the burst passes").allSatisfy(r -> assertThat(r.status())
          .isEqualTo(200));
      assertThat(b.passed()).isBetween(5L, b.bound());
      assertThat(b.refused()).hasSize(20 - (int) b.passed());
      assertThat(b.refused()).allSatisfy(r -> {
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(new JsonObject(r.body()).getJsonObject("error").getMap()).containsEntry("code", 429)
            .containsEntry("status", "Too Many Requests").containsEntry("message", "Too many requests");
      });
    }
    assertThat(open.passed()).as("a rule without a limit").isEqualTo(20);

    // Recovery: once Retry-After has passed, the next request is let through.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int status = 429;
    while (status != 200 && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      status = RawHttp.sendFrom("127.0.0.1", node.proxyPort, "GET", "/limited/b").status();
    }
    assertThat(status).as("let through again after the refill").isEqualTo(200);

    assertThat(rateLimitedCount("proxy")).isEqualTo(first.refused().size() + second.refused().size());
    assertThat(rateLimitedCount("decisions")).isEqualTo(decisions.refused().size());
  }

  @Test
  void aLimitBySubjectIsSharedByAddresses() throws Exception {
    Burst a = burst("127.0.0.3", node.proxyPort, "/subject/x", 5);
    Burst b = burst("127.0.0.4", node.proxyPort, "/subject/x", 5);
    // anonymous identifies everyone as "guest": one bucket of 2 for both addresses.
    assertThat(a.passed() + b.passed()).isBetween(2L, 2 + (a.millis() + b.millis() + 999) / 1000);
    assertThat(b.refused()).isNotEmpty();
  }

  @Test
  void aFloodBecomesAtMostOneAuditEventASecondPerKeyWithItsCount() throws Exception {
    Burst flood = burst("127.0.0.5", node.proxyPort, "/limited/flood", 300);
    long seconds = (flood.millis() + 999) / 1000;
    List<CloudEvent> limited = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (limited.isEmpty() && System.nanoTime() < deadline) {
      limited = AuditTopic.events(kafka, TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(2)).values().stream()
          .filter(e -> "rate_limited".equals(e.data().get("decision"))
              && "127.0.0.5".equals(e.data().get("client_address")))
          .toList();
    }
    long reported = limited.stream().mapToLong(e -> Long.parseLong(
        ((String) e.data().get("reason")).replaceAll(".*; (\\d+) requests? refused.*", "$1"))).sum();
    System.out.printf("flood of 300 requests from one address in %d ms: %d refused, %d audit events reporting %d "
        + "refusals%n", flood.millis(), flood.refused().size(), limited.size(), reported);
    assertThat(flood.refused().size()).isGreaterThanOrEqualTo(300 - (int) flood.bound());
    assertThat(limited).isNotEmpty().hasSizeLessThanOrEqualTo((int) seconds + 1);
    assertThat(limited).allSatisfy(e -> {
      assertThat(e.type()).isEqualTo("sh.portcullis.access.denied.v1");
      assertThat(e.data()).containsEntry("rule_id", "limited").containsEntry("status", 429)
          .containsEntry("handler", "rate_limit").containsEntry("surface", "proxy");
      assertThat((String) e.data().get("reason")).startsWith("more than 1 request per second (burst 5) by client "
          + "address (portcullis.proxy.rate_limits[0])");
    });
    // The refusals after the last event are reported with the next one: never more than were refused.
    assertThat(reported).isBetween(1L, (long) flood.refused().size());
  }

  /** {@code portcullis_requests_total} with {@code decision="rate_limited"} on a surface, summed over its series. */
  static long rateLimitedCount(String surface) throws Exception {
    long total = 0;
    for (String line : Http.get(node.metricsPort, "/metrics").body().split("\n")) {
      if (line.startsWith("portcullis_requests_total{") && line.contains("decision=\"rate_limited\"")
          && line.contains("surface=\"" + surface + "\"")) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
