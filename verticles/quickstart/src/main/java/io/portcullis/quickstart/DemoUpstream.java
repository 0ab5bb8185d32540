package io.portcullis.quickstart;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** The quickstart's stand-in for a service without authentication: echoes what it received, headers included. */
final class DemoUpstream {
  private DemoUpstream() {
  }

  static HttpServer start(Vertx vertx, int port) {
    return vertx.createHttpServer().requestHandler(req -> {
      Map<String, Object> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
      JsonObject body = new JsonObject()
          .put("service", "demo upstream")
          .put("method", req.method().name())
          .put("uri", req.uri())
          .put("headers", new JsonObject(headers));
      req.response().putHeader("Content-Type", "application/json").end(body.encodePrettily() + "\n");
    }).listen(port, "127.0.0.1").await();
  }
}
