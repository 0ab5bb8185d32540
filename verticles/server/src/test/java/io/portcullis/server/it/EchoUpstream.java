package io.portcullis.server.it;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An upstream on loopback that records every request it receives and echoes it (URI, body, headers) as JSON. */
final class EchoUpstream implements AutoCloseable {
  record Received(String method, String uri, MultiMap headers) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final HttpServer server;

  EchoUpstream() {
    server = vertx.createHttpServer().requestHandler(req -> {
      received.add(new Received(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers())));
      req.body().onComplete(body -> req.response().putHeader("Content-Type", "application/json")
          .putHeader("X-Upstream", "echo")
          .end(new JsonObject().put("uri", req.uri()).put("body", body.succeeded() ? body.result().toString() : "")
              .put("headers", headers(req.headers())).encode()));
    }).listen(0, "127.0.0.1").await();
  }

  private static JsonObject headers(MultiMap headers) {
    JsonObject o = new JsonObject();
    headers.forEach(e -> o.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    return o;
  }

  int port() {
    return server.actualPort();
  }

  /** The next request the upstream saw; fails the test if none arrives in time. */
  Received take() throws InterruptedException {
    return Polling.next(received, "the upstream received no request");
  }

  /** True when no request reached the upstream (what a denial must guarantee). */
  boolean nothingReceived() throws InterruptedException {
    return received.poll(100, TimeUnit.MILLISECONDS) == null;
  }

  void clear() {
    received.clear();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
