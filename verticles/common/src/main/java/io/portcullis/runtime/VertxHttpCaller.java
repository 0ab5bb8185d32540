package io.portcullis.runtime;

import io.portcullis.spi.HttpCaller;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** The shared plugin HTTP client on Vert.x: pooled, keep-alive, bounded by each call's timeout. */
public final class VertxHttpCaller implements HttpCaller {
  private final Vertx vertx;
  private final HttpClient client;

  public VertxHttpCaller(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
  }

  @Override
  public CompletionStage<Reply> send(Call call) {
    CompletableFuture<Reply> result = new CompletableFuture<>();
    long timeoutMillis = Math.max(1, call.timeout().toMillis());
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(timeoutMillis, id -> {
      result.completeExceptionally(new TimeoutException(call.method() + " " + call.url() + " did not answer within "
          + timeoutMillis + " ms"));
      // Give the connection back: a remote that never answers must not keep a pooled connection busy for ever.
      HttpClientRequest req = sent.get();
      if (req != null) {
        req.reset();
      }
    });
    client.request(new RequestOptions().setAbsoluteURI(call.url()).setMethod(HttpMethod.valueOf(call.method()))
            .setConnectTimeout(timeoutMillis))
        .compose(req -> {
          sent.set(req);
          if (result.isDone()) {
            req.reset(); // timed out while waiting for a connection
          }
          call.headers().forEach((name, values) -> values.forEach(v -> req.headers().add(name, v)));
          return call.body() == null ? req.send() : req.send(Buffer.buffer(call.body()));
        })
        .compose(resp -> resp.body().map(body -> {
          Map<String, List<String>> headers = new TreeMap<>();
          resp.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
              k -> new ArrayList<>()).add(h.getValue()));
          return new Reply(resp.statusCode(), headers, body.getBytes());
        }))
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            result.completeExceptionally(ar.cause());
          }
        });
    return result;
  }
}
