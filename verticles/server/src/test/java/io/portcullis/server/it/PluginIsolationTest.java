package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A handler that throws, never answers, answers null or garbage, fails asynchronously or blocks the event loop denies
 * only the request it was called for, with a JSON error naming rule and handler, and is counted; the node keeps
 * serving everything else.
 */
class PluginIsolationTest {
  static EchoUpstream upstream;
  static TestNode node;

  static String rule(String id, String authenticator, String authorizer) {
    return """
        - id: %s
          match: {url: "http://<[^/]+>/%s", methods: [GET]}
          authenticators: [{handler: %s}]
          authorizer: {handler: %s}
          mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
          upstream: {url: "%%UPSTREAM%%"}
        """.formatted(id, id, authenticator, authorizer);
  }

  @BeforeAll
  static void start() throws Exception {
    upstream = new EchoUpstream();
    String rules = rule("throws", "test_throws", "allow") + rule("never", "test_never", "allow")
        + rule("returns-null", "test_null", "allow") + rule("fails-later", "test_fails_later", "allow")
        + rule("blocks", "test_blocks", "allow") + rule("garbage", "anonymous", "test_garbage")
        + rule("async-ok", "test_async_ok", "allow") + rule("healthy", "anonymous", "allow")
        + rule("rewrites", "anonymous", "test_rewrites_subject");
    String config = TestNode.ALL_HANDLERS.replace("authenticators:\n", """
        authenticators:
          test_throws: {enabled: true}
          test_never: {enabled: true}
          test_null: {enabled: true}
          test_fails_later: {enabled: true}
          test_blocks: {enabled: true}
          test_async_ok: {enabled: true}
          test_broken_factory: {enabled: true}
        """).replace("authorizers:\n",
        "authorizers:\n  test_garbage: {enabled: true}\n  test_rewrites_subject: {enabled: true}\n");
    node = new TestNode(config, rules, "http://127.0.0.1:" + upstream.port(), java.util.Map.of(
        "PORTCULLIS_PORTCULLIS_PLUGINS_HANDLER_TIMEOUT", "1s",
        "PORTCULLIS_PORTCULLIS_PLUGINS_BLOCKED_THRESHOLD", "500ms"));
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @ParameterizedTest
  @CsvSource({"throws,test_throws,exception", "never,test_never,timeout", "returns-null,test_null,invalid",
      "fails-later,test_fails_later,exception", "blocks,test_blocks,blocked", "garbage,test_garbage,invalid",
      "rewrites,test_rewrites_subject,exception"})
  void misbehaviourDeniesThatRequestOnlyAndNamesRuleAndHandler(String rule, String handler, String kind)
      throws Exception {
    RawHttp.Response r = RawHttp.get(node.proxyPort, "/" + rule);
    assertThat(r.status()).isEqualTo(500);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("reason")).contains("rule \"" + rule + "\"").contains("handler \"" + handler + "\"");
    assertThat(r.body()).as("exception text stays in the log").doesNotContain("secret internal detail");
    assertThat(upstream.nothingReceived()).isTrue();

    assertThat(RawHttp.get(node.proxyPort, "/healthy").status()).as("the node keeps serving").isEqualTo(200);
    upstream.take();
    String metrics = Http.get(node.metricsPort, "/metrics").body();
    assertThat(metrics).containsPattern("portcullis_handler_errors_total\\{handler=\"" + handler + "\",kind=\""
        + kind + "\",stage=\"(authenticator|authorizer)\"} [1-9]");
  }

  @Test
  void asynchronousHandlersResumeOnTheEventLoopAndAreTimed() throws Exception {
    assertThat(RawHttp.get(node.proxyPort, "/async-ok").status()).isEqualTo(200);
    assertThat(upstream.take().headers().get("X-User")).isEqualTo("async-user");
    assertThat(Http.get(node.metricsPort, "/metrics").body())
        .containsPattern("portcullis_handler_calls_seconds_count\\{handler=\"test_async_ok\",stage=\"authenticator\"} [1-9]");
  }

  @Test
  void aPluginBlockingTheEventLoopUnderLoadDeniesOnlyItsOwnRequests() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> blocked = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> healthy = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicLong slowestHealthy = new java.util.concurrent.atomic.AtomicLong();
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 5; t++) {
      boolean blocking = t < 2;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < (blocking ? 10 : 100); i++) {
          long t0 = System.nanoTime();
          String status;
          try {
            status = String.valueOf(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + node.proxyPort + (blocking ? "/blocks" : "/healthy"))).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
          } catch (Exception e) {
            status = e.getClass().getSimpleName();
          }
          (blocking ? blocked : healthy).computeIfAbsent(status, k -> new java.util.concurrent.atomic.AtomicInteger())
              .incrementAndGet();
          if (!blocking) {
            slowestHealthy.accumulateAndGet(System.nanoTime() - t0, Math::max);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.printf("a plugin blocking the event loop 1 s per call (blocked_threshold 500ms), under load: its "
        + "requests %s, healthy requests on the same node %s, the slowest healthy one %.0f ms%n", blocked, healthy,
        slowestHealthy.get() / 1e6);
    assertThat(blocked.keySet()).containsExactly("500");
    assertThat(blocked.get("500").get()).isEqualTo(20);
    assertThat(healthy.keySet()).containsExactly("200");
    assertThat(healthy.get("200").get()).isEqualTo(300);
    assertThat(Http.get(node.metricsPort, "/metrics").body()).containsPattern(
        "portcullis_handler_errors_total\\{handler=\"test_blocks\",kind=\"blocked\",stage=\"authenticator\"} (2[0-9]|[3-9][0-9])");
  }

  @Test
  void aFactoryThatCannotCreateItsHandlerRefusesTheRuleAtLoad() throws Exception {
    node.writeRules(rule("healthy", "anonymous", "allow") + rule("broken", "test_broken_factory", "allow"),
        "http://127.0.0.1:" + upstream.port());
    Thread.sleep(400);
    assertThat(RawHttp.get(node.proxyPort, "/broken").status()).as("refused change: rule never loaded")
        .isEqualTo(404);
    assertThat(RawHttp.get(node.proxyPort, "/healthy").status()).isEqualTo(200);
  }
}
