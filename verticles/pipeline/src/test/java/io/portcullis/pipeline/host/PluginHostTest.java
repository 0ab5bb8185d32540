package io.portcullis.pipeline.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.LocalCache;
import io.portcullis.spi.PluginServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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

  @Test
  void theHttpClientCallsAndTimesOut() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = vertx.createHttpServer().requestHandler(req -> {
        if (req.path().equals("/slow")) {
          return; // never answers
        }
        req.response().putHeader("X-Seen", req.getHeader("X-Token")).end("hello");
      }).listen(0, "127.0.0.1").await();
      PluginServices services = new PluginHost(vertx, new SimpleMeterRegistry(), "portcullis_", Clock.systemUTC())
          .services("h");
      HttpCaller.Reply reply = services.http().send(new HttpCaller.Call("GET",
          "http://127.0.0.1:" + server.actualPort() + "/ok", Map.of("X-Token", List.of("t")), null,
          Duration.ofSeconds(5))).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("X-Seen")).isEqualTo("t");
      assertThat(reply.bodyAsString()).isEqualTo("hello");
      assertThatThrownBy(() -> services.http().send(HttpCaller.Call.get("http://127.0.0.1:" + server.actualPort()
          + "/slow", Duration.ofMillis(200))).toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasMessageContaining("did not answer within 200 ms");
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
