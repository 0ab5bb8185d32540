package io.portcullis.pipeline.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.LocalCache;
import io.portcullis.spi.PluginServices;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The services the host lends plugins: caches, counters, the shared HTTP client (against a loopback server). */
class PluginHostTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    long millis;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  @Test
  void cachesExpireAreBoundedAndPrivateToTheirHandler() {
    ManualClock clock = new ManualClock();
    PluginHost host = new PluginHost(null, new SimpleMeterRegistry(), "portcullis_", clock);
    LocalCache<String> cache = host.services("a").cache("tokens", 2, Duration.ofSeconds(10));
    cache.put("k1", "v1");
    assertThat(host.services("a").<String>cache("tokens", 2, Duration.ofSeconds(10)).get("k1")).isEqualTo("v1");
    assertThat(host.services("b").<String>cache("tokens", 2, Duration.ofSeconds(10)).get("k1")).isNull();
    cache.put("k2", "v2");
    cache.put("k3", "v3");
    assertThat(cache.get("k1")).as("least recently used entry evicted").isNull();
    clock.millis += 10_000;
    assertThat(cache.get("k3")).as("expired").isNull();
  }

  @Test
  void countersCarryTheHandlerId() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new PluginHost(null, registry, "portcullis_", Clock.systemUTC()).services("api_key").counter("hits", "kind", "x")
        .increment();
    assertThat(registry.get("portcullis_plugin_hits").tag("handler", "api_key").tag("kind", "x").counter().count())
        .isEqualTo(1.0);
  }

  /**
   * On the event loop, as plugins call it: the reply and the timeout arrive as futures, checked where they complete
   * ({@link VertxTestContext#verify} turns a failed assertion there into a failed test, not a lost exception).
   */
  @Test
  @ExtendWith(VertxExtension.class)
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void theHttpClientCallsAndTimesOut(Vertx vertx, VertxTestContext test) {
    vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/slow")) {
        return; // never answers
      }
      req.response().putHeader("X-Seen", req.getHeader("X-Token")).end("hello");
    }).listen(0, "127.0.0.1").onComplete(test.succeeding(server -> {
      PluginServices services = new PluginHost(vertx, new SimpleMeterRegistry(), "portcullis_", Clock.systemUTC())
          .services("h");
      String base = "http://127.0.0.1:" + server.actualPort();
      services.http().send(new HttpCaller.Call("GET", base + "/ok", Map.of("X-Token", List.of("t")), null,
          Duration.ofSeconds(5))).whenComplete((reply, error) -> test.verify(() -> {
            assertThat(error).isNull();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("X-Seen")).isEqualTo("t");
            assertThat(reply.bodyAsString()).isEqualTo("hello");
            services.http().send(HttpCaller.Call.get(base + "/slow", Duration.ofMillis(200)))
                .whenComplete((slow, timeout) -> test.verify(() -> {
                  assertThat(slow).isNull();
                  assertThat(timeout).hasMessageContaining("did not answer within 200 ms");
                  test.completeNow();
                }));
          }));
    }));
  }

  /** Calls that time out give their connection back, so a hung remote cannot exhaust the pool for everyone. */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void timedOutCallsDoNotHoldPooledConnections() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var server = vertx.createHttpServer().requestHandler(req -> {
        if (!req.path().equals("/slow")) {
          req.response().end("ok");
        }
      }).listen(0, "127.0.0.1").await();
      PluginServices services = new PluginHost(vertx, new SimpleMeterRegistry(), "portcullis_", Clock.systemUTC())
          .services("h");
      String base = "http://127.0.0.1:" + server.actualPort();
      List<java.util.concurrent.CompletableFuture<HttpCaller.Reply>> hung = new java.util.ArrayList<>();
      for (int i = 0; i < 80; i++) { // more than the pool's 64 connections
        hung.add(services.http().send(HttpCaller.Call.get(base + "/slow", Duration.ofMillis(300)))
            .toCompletableFuture());
      }
      for (var h : hung) {
        assertThatThrownBy(() -> h.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
            java.util.concurrent.TimeoutException.class);
      }
      HttpCaller.Reply ok = services.http().send(HttpCaller.Call.get(base + "/ok", Duration.ofSeconds(3)))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(ok.bodyAsString()).isEqualTo("ok");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void withoutVertxTheHttpClientSaysWhy() {
    PluginServices offline = new PluginHost(null, new SimpleMeterRegistry(), "portcullis_", Clock.systemUTC())
        .services("h");
    assertThatThrownBy(offline::http).hasMessageContaining("only validated");
  }
}
