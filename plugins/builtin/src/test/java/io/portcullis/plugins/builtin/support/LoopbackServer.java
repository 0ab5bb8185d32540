package io.portcullis.plugins.builtin.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small HTTP server on 127.0.0.1 standing in for a remote service (JWKS endpoint, introspection server, token
 * endpoint, remote authorizer, hydrator API): it records every request and answers with what {@code respond} says.
 */
public final class LoopbackServer implements AutoCloseable {
  /** A request as the server received it, body read. */
  public record Received(String method, String uri, MultiMap headers, String body) {
  }

  /** An answer; {@code status} 0 means never answer (a hung remote). */
  public record Answer(int status, String contentType, String body, MultiMap headers) {
    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, MultiMap.caseInsensitiveMultiMap());
    }

    public static Answer hang() {
      return new Answer(0, null, null, null);
    }

    public Answer withHeader(String name, String value) {
      MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(headers);
      h.add(name, value);
      return new Answer(status, contentType, body, h);
    }
  }

  public final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile Function<Received, Answer> respond;

  public LoopbackServer(Vertx vertx, Function<Received, Answer> respond) {
    this.respond = respond;
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess((Buffer body) -> {
      Received r = new Received(req.method().name(), req.uri(),
          MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString());
      received.add(r);
      Answer a = respond.apply(r);
      if (a.status() == 0) {
        return; // hung: the connection stays open, no answer
      }
      var response = req.response().setStatusCode(a.status());
      a.headers().forEach(response::putHeader);
      if (a.contentType() != null) {
        response.putHeader("Content-Type", a.contentType());
      }
      response.end(a.body() == null ? "" : a.body());
    });
  }

  public void respond(Function<Received, Answer> respond) {
    this.respond = respond;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Override
  public void close() {
    server.close();
  }
}
