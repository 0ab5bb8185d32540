package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.portcullis.identity.TestPostgres;
import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.portcullis.kafka.events.CloudEvent;
import io.portcullis.tracing.Tracing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing on a real node (identity, session, proxy and audit roles on PostgreSQL and Kafka), its spans exported to
 * memory as they end: a proxied request with a session cookie is one trace whose spans hang off the proxy's server
 * span (rule match, each handler, the session check under its authenticator, the upstream call), the upstream gets
 * that trace in {@code traceparent}, and the audit events carry its id. At sampling ratio 0 nothing is exported, and
 * the trace context still reaches the upstream.
 */
class TracingTest {
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final String TOPIC = "portcullis.audit";
  static final String PASSWORD = "correct horse battery 9";
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  static EmbeddedKafka kafka;
  static EchoUpstream upstream;
  static TestNode node;
  static String cookie;
  /** The trace of the login's POST on the identity port. */
  static String loginTrace;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic(TOPIC, 1);
    upstream = new EchoUpstream();
    Path spool = Files.createTempDirectory("tracing-spool");
    node = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
          sessions:
            revocations: {bootstrap_servers: "%s"}
        tracing:
          provider: otel
          service_name: edge-under-test
          providers: {otlp: {server_url: "127.0.0.1:4318", insecure: true, sampling: {sampling_ratio: 1}}}
        access_rules: {repositories: ["file://rules.yml"]}
        authenticators:
          cookie_session:
            enabled: true
            config: {check_session_url: "http://127.0.0.1:%d/sessions/whoami", preserve_path: true,
              subject_from: identity.id}
        authorizers: {allow: {enabled: true}}
        mutators:
          header: {enabled: true, config: {headers: {X-User: "{{ print .Subject }}"}}}
        """.formatted(kafka.bootstrapServers(), PUBLIC), """
        - id: private
          match: {url: "http://<.*>/private/<.*>", methods: [GET]}
          upstream: {url: "%UPSTREAM%"}
          authenticators: [{handler: cookie_session}]
          authorizer: {handler: allow}
          mutators: [{handler: header}]
        """, "http://127.0.0.1:" + upstream.port(), AuditTopic.auditOn(kafka, spool),
        SPANS);
    Http.awaitRule(node.apiPort, "private", "cookie_session");
    Http.awaitTrusted(node.apiPort);
    Sessions.createIdentity(ADMIN, "ada@example.com", PASSWORD);
    cookie = "ory_kratos_session=" + Sessions.login(PUBLIC, "ada@example.com", PASSWORD).token();
    loginTrace = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST")
        && "/self-service/login".equals(s.getAttributes().get(AttributeKey.stringKey("url.path")))).getTraceId();
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
    kafka.close();
  }

  @BeforeEach
  void clear() {
    upstream.clear();
  }

  @Test
  void aProxiedRequestIsOneTraceFromTheServerSpanToTheUpstream() throws Exception {
    // A session of its own, so that its first check is a miss whichever test ran before.
    String fresh = "ory_kratos_session=" + Sessions.login(PUBLIC, "ada@example.com", PASSWORD).token();
    SPANS.reset();
    ok("/private/a", "Cookie", fresh);
    String traceparent = upstream.take().headers().get("traceparent");
    SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getAttributes().toString()
        .contains("/private/a"));
    List<SpanData> trace = trace(server.getTraceId());
    String names = trace.stream().map(s -> s.getName() + " " + s.getKind() + " " + s.getAttributes()).toList()
        .toString();

    assertThat(server.getParentSpanContext().isValid()).as("a new trace: " + names).isFalse();
    SpanData match = named(trace, "match rule");
    assertThat(match.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(match.getAttributes().get(Tracing.RULE_ID)).isEqualTo("private");
    assertThat(match.getAttributes().get(Tracing.OUTCOME)).isEqualTo("matched");
    SpanData authenticate = named(trace, "authenticate cookie_session");
    assertThat(authenticate.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(authenticate.getAttributes().get(Tracing.HANDLER_ID)).isEqualTo("cookie_session");
    assertThat(authenticate.getAttributes().get(Tracing.OUTCOME)).isEqualTo("success");
    SpanData check = named(trace, "check session");
    assertThat(check.getParentSpanId()).as(names).isEqualTo(authenticate.getSpanId());
    assertThat(check.getAttributes().get(Tracing.SESSION_CACHE)).isEqualTo("miss");
    assertThat(named(trace, "authorize allow").getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(named(trace, "mutate header").getParentSpanId()).isEqualTo(server.getSpanId());
    // The miss asked the session role over the event bus, which read the session from PostgreSQL.
    SpanData ask = trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("send"))
        .findFirst().orElseThrow(() -> new AssertionError("no event-bus span: " + names));
    assertThat(ask.getParentSpanId()).isEqualTo(check.getSpanId());
    assertThat(trace).as(names).anyMatch(s -> s.getKind() == SpanKind.CLIENT
        && "postgresql".equals(s.getAttributes().get(AttributeKey.stringKey("db.system"))));
    SpanData upstreamCall = trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT
        && s.getParentSpanId().equals(server.getSpanId())).findFirst().orElseThrow(() -> new AssertionError(
            "no client span under the server span: " + names));
    // Sampled (and, W3C level 2, a random trace id): flags 03.
    assertThat(traceparent).isEqualTo("00-" + server.getTraceId() + "-" + upstreamCall.getSpanId() + "-03");

    SPANS.reset();
    ok("/private/b", "Cookie", fresh);
    upstream.take();
    SpanData second = awaitSpan(s -> s.getName().equals("check session"));
    assertThat(second.getAttributes().get(Tracing.SESSION_CACHE)).isEqualTo("hit");
  }

  @Test
  void anIncomingTraceparentIsContinued() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    SPANS.reset();
    ok("/private/c", "Cookie", cookie,
        "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    assertThat(upstream.take().headers().get("traceparent")).startsWith("00-" + traceId + "-").endsWith("-01");
    SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getAttributes().toString()
        .contains("/private/c"));
    assertThat(server.getTraceId()).isEqualTo(traceId);
    assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void auditEventsCarryTheTraceId() throws Exception {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    ok("/private/audited", "Cookie", cookie,
        "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
    ok("/private/new-trace", "Cookie", cookie);
    SpanData fresh = awaitSpan(s -> s.getKind() == SpanKind.SERVER
        && s.getAttributes().toString().contains("/private/new-trace"));
    Map<String, CloudEvent> events = AuditTopic.events(kafka, TOPIC, 100, Duration.ofSeconds(5));
    assertThat(dataOf(events, "path", "/private/audited").get("trace_id")).isEqualTo(traceId);
    assertThat(dataOf(events, "path", "/private/new-trace").get("trace_id")).isEqualTo(fresh.getTraceId());
    // The login's identity event, written in the login request's transaction, carries that request's trace.
    assertThat(events.values().stream().filter(e -> e.type().endsWith("login.succeeded.v1"))
        .map(e -> e.data().get("trace_id")).toList()).contains(loginTrace);
  }

  @Test
  void atRatioZeroNothingIsExportedAndTheTraceIsStillPropagated() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (TestNode unsampled = new TestNode(TestNode.ALL_HANDLERS + """
        tracing:
          provider: otel
          providers: {otlp: {server_url: "127.0.0.1:4318", sampling: {sampling_ratio: 0}}}
        """, """
        - id: open
          match: {url: "http://<.*>/open", methods: [GET]}
          upstream: {url: "%UPSTREAM%"}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        """, "http://127.0.0.1:" + upstream.port(), Map.of(), spans)) {
      Http.awaitRule(unsampled.apiPort, "open", "anonymous");
      assertThat(Http.get(unsampled.proxyPort, "/open").status()).isEqualTo(200);
      String traceparent = upstream.take().headers().get("traceparent");
      assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]");
      String traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
      assertThat(Http.get(unsampled.proxyPort, "/open", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-00")
          .status()).isEqualTo(200);
      assertThat(upstream.take().headers().get("traceparent")).startsWith("00-" + traceId + "-").endsWith("-00");
      // A sampled caller is still honoured (parent-based), and shows that spans would have been seen by now.
      assertThat(Http.get(unsampled.proxyPort, "/open", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
          .status()).isEqualTo(200);
      upstream.take();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (spans.getFinishedSpanItems().stream().noneMatch(x -> x.getKind() == SpanKind.SERVER)) {
        assertThat(System.nanoTime()).as("the sampled caller's server span").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(spans.getFinishedSpanItems()).allMatch(x -> x.getTraceId().equals(traceId)
          && x.getSpanContext().isSampled());
    }
  }

  private static void ok(String path, String... headers) throws Exception {
    Http.Response r = Http.get(node.proxyPort, path, headers);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static Map<String, Object> dataOf(Map<String, CloudEvent> events, String field, Object value) {
    return events.values().stream().map(CloudEvent::data).filter(d -> value.equals(d.get(field))).findFirst()
        .orElseThrow(() -> new AssertionError("no event with " + field + " " + value + " in " + events.values()));
  }

  private static List<SpanData> trace(String traceId) {
    return SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  private static SpanData named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(SpanData::getName)
            .toList()));
  }

  /** A span that ended: the server span ends as its response is written, which may be after the client read it. */
  static SpanData awaitSpan(Predicate<SpanData> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (SpanData s : SPANS.getFinishedSpanItems()) {
        if (wanted.test(s)) {
          return s;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such span among " + SPANS.getFinishedSpanItems().stream()
        .map(s -> s.getName() + " " + s.getKind() + " " + s.getAttributes()).toList());
  }
}
