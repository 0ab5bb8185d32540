package io.portcullis.runtime;

import io.portcullis.spi.HttpCaller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
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
    // The whole exchange runs on one Vert.x context. Called from a thread that is not a Vert.x one (a test, a
    // worker's or another context's continuation), the response's events and the callbacks that read it could
    // otherwise run on different threads: a reused keep-alive connection then delivers the body before the reader
    // is attached, and the call waits for its timeout although the remote answered at once.
    Context current = Vertx.currentContext();
    if (current != null && current.owner() == vertx) {
      exchange(call, result);
    } else {
      vertx.getOrCreateContext().runOnContext(v -> exchange(call, result));
    }
    return result;
  }

  /** Sends {@code call} from the current context; the body is read in the same callback that receives the head. */
  private void exchange(Call call, CompletableFuture<Reply> result) {
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
            return Future.<Reply>failedFuture(new TimeoutException("timed out before the request was sent"));
          }
          call.headers().forEach((name, values) -> values.forEach(v -> req.headers().add(name, v)));
          Future<HttpClientResponse> response = call.body() == null ? req.send() : req.send(Buffer.buffer(call.body()));
          return response.compose(resp -> resp.body().map(body -> reply(resp, body)));
        })
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            result.completeExceptionally(ar.cause());
          }
        });
  }

  private static Reply reply(HttpClientResponse resp, Buffer body) {
    Map<String, List<String>> headers = new TreeMap<>();
    resp.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
        k -> new ArrayList<>()).add(h.getValue()));
    return new Reply(resp.statusCode(), headers, body.getBytes());
  }
}
