package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A node in its own JVM with {@code log.format: json} and tracing exported over OTLP/HTTP to a collector on loopback:
 * a line logged while a request is handled carries the request's id (the client's {@code X-Request-Id}, else one made
 * up, also when the given one is not a plain token) and its trace and span ids, and the collector receives the trace
 * as protobuf at {@code /v1/traces}.
 */
class TracedLogsTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private record Export(String path, String contentType, Buffer body) {
  }

  @Test
  void linesDuringARequestCarryItsRequestIdAndTraceAndTheCollectorGetsTheTrace() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<Export> exports = new CopyOnWriteArrayList<>();
    HttpServer collector = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      exports.add(new Export(req.path(), req.getHeader("Content-Type"), body));
      req.response().putHeader("Content-Type", "application/x-protobuf").end();
    })).listen(0, "127.0.0.1").await();
    // Nothing listens there: the remote authorizer fails, which the pipeline logs (a warning) on the request's context.
    int deadRemote = FreePorts.next();
    try (NodeProcess node = new NodeProcess("traced-logs", "{format: json, level: info}", """
        access_rules: {repositories: ["file://rules.yml"]}
        authenticators: {anonymous: {enabled: true}}
        authorizers: {remote: {enabled: true, config: {remote: "http://127.0.0.1:%d/check"}}}
        mutators: {noop: {enabled: true}}
        tracing:
          provider: otel
          providers: {otlp: {server_url: "127.0.0.1:%d", insecure: true, sampling: {sampling_ratio: 1}}}
        """.formatted(deadRemote, collector.actualPort()), """
        - id: checked
          match: {url: "http://<.*>/checked", methods: [GET]}
          upstream: {url: "http://127.0.0.1:%d"}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: remote}
          mutators: [{handler: noop}]
        """.formatted(deadRemote))) {
      awaitRule(node);
      int given = Http.get(node.proxyPort, "/checked", "X-Request-Id", "req-given-1",
          "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01").status();
      int made = Http.get(node.proxyPort, "/checked").status();
      // Not a token: replaced, so a client cannot write quotes or spaces into the lines.
      int forged = Http.get(node.proxyPort, "/checked", "X-Request-Id", "x\" level=error").status();
      assertThat(List.of(given, made, forged)).as("the remote authorizer is unreachable").containsOnly(500);
      // SIGTERM: the node exports what is left before it exits.
      node.terminate(Duration.ofSeconds(30));

      List<JsonObject> denied = new ArrayList<>();
      for (String line : node.output().split("\n")) {
        JsonObject json;
        try {
          json = new JsonObject(line);
        } catch (DecodeException e) {
          throw new AssertionError("not a JSON line: " + line, e);
        }
        if (json.getString("msg").contains("request denied")) {
          denied.add(json);
        }
      }
      assertThat(denied).as(node.output()).hasSize(3);
      JsonObject first = denied.stream().filter(j -> "req-given-1".equals(j.getString("request_id"))).findFirst()
          .orElseThrow(() -> new AssertionError("no line with the given request id: " + denied));
      assertThat(first.getJsonObject("otel").getString("trace_id")).isEqualTo(TRACE_ID);
      assertThat(first.getJsonObject("otel").getString("span_id")).matches("[0-9a-f]{16}");
      denied.remove(first);
      assertThat(denied).allSatisfy(other -> {
        assertThat(other.getString("request_id")).matches("[0-9a-f]{32}");
        assertThat(other.getJsonObject("otel").getString("trace_id")).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
      });

      assertThat(exports).as("OTLP exports").isNotEmpty().allSatisfy(e -> {
        assertThat(e.path()).isEqualTo("/v1/traces");
        assertThat(e.contentType()).isEqualTo("application/x-protobuf");
      });
      byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
      assertThat(exports).as("an export holding the trace id's 16 bytes")
          .anyMatch(e -> indexOf(e.body().getBytes(), traceId) >= 0);
    } finally {
      vertx.close().await();
    }
  }

  private static void awaitRule(NodeProcess node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Http.get(node.apiPort, "/rules/checked").status() == 200) {
          return;
        }
      } catch (java.io.IOException starting) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node never served rule checked: " + node.output());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
