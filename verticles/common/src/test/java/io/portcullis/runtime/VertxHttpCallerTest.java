package io.portcullis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.spi.HttpCaller;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared plugin HTTP client: calls from threads that are not Vert.x ones, on reused keep-alive connections. */
class VertxHttpCallerTest {

  /**
   * Each call is answered at once by the server, so each must come back at once: a call made outside a Vert.x
   * context used to wait for its whole timeout now and then on a reused connection (the server had answered), which
   * showed as handler tests failing after their give_up_after on a loaded machine. A fresh Vert.x per round, a few
   * calls each with some work in between, as the handler tests do.
   */
  @Test
  void everyAnsweredCallOnAReusedConnectionComesBackAtOnce() throws Exception {
    List<String> slow = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      Vertx vertx = Vertx.vertx();
      try {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> req.response()
                .putHeader("Content-Type", "application/json").end("{\"path\":\"" + req.path() + "\"}")))
            .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        HttpCaller caller = new VertxHttpCaller(vertx);
        for (int i = 0; i < 3; i++) {
          String path = "/" + round + "/" + i;
          long start = System.nanoTime();
          try {
            HttpCaller.Reply reply = caller.send(HttpCaller.Call.get("http://127.0.0.1:" + server.actualPort() + path,
                Duration.ofSeconds(2))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.bodyAsString()).isEqualTo("{\"path\":\"" + path + "\"}");
          } catch (ExecutionException e) {
            slow.add(path + ": " + e.getCause());
          }
          long ms = (System.nanoTime() - start) / 1_000_000;
          if (ms > 1_500) {
            slow.add(path + ": " + ms + " ms");
          }
          busy(20); // the caller's own work between calls (signing, parsing)
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
      }
    }
    assertThat(slow).as("calls that waited although the server had answered").isEmpty();
  }

  private static void busy(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
