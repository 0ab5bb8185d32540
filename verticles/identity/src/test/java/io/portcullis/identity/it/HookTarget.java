package io.portcullis.identity.it;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A web hook target on a free loopback port: it records every request by path and answers as the test's function
 * says (status, body, a delay, or no answer at all).
 */
final class HookTarget implements AutoCloseable {
  /** One request the target received. */
  record Received(String method, String path, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** How to answer: {@code status} and {@code body} after {@code delay}; a null answer never answers. */
  record Answer(int status, String body, Duration delay) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Duration.ZERO);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, BlockingQueue<Received>> received = new ConcurrentHashMap<>();
  private final HttpServer server;

  HookTarget(Function<Received, Answer> answers) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Received r = new Received(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(req.headers()), body.toString());
      queue(r.path()).add(r);
      answer(req, answers.apply(r));
    })).listen(0, "127.0.0.1").await();
  }

  private void answer(HttpServerRequest req, Answer a) {
    if (a == null) {
      return;
    }
    Runnable send = () -> req.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json")
        .end(a.body() == null ? "" : a.body());
    if (a.delay().isZero()) {
      send.run();
    } else {
      vertx.setTimer(a.delay().toMillis(), id -> send.run());
    }
  }

  private BlockingQueue<Received> queue(String path) {
    return received.computeIfAbsent(path, k -> new LinkedBlockingQueue<>());
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** The next request to {@code path}, waiting at most {@code wait}; fails when none came. */
  Received next(String path, Duration wait) throws InterruptedException {
    Received r = queue(path).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request to " + path + " within " + wait);
    }
    return r;
  }

  /** True when no request to {@code path} is waiting to be read. */
  boolean none(String path) {
    return queue(path).isEmpty();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
