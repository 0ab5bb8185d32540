package io.portcullis.server.it;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket upstream on loopback that records every request it receives. An upgrade to a path containing
 * {@code /refuse} is answered 403 with a body; any other upgrade is accepted (subprotocol {@code chat} offered) and
 * echoes every message, closes on the text {@code bye}, and on the text {@code flood N} sends N binary messages of
 * {@value #FLOOD_MESSAGE} bytes. A plain request to a path containing {@code /events} is an endless server-sent event
 * stream (one event every 100 ms, until the connection closes); any other plain request is answered 200 {@code plain}.
 * WebSockets and event streams, once closed at the upstream, are reported by URI ({@link #awaitClosed}).
 */
final class WebSocketUpstream implements AutoCloseable {
  static final int FLOOD_MESSAGE = 32 * 1024;

  record Received(String uri, MultiMap headers) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  /** URIs of the WebSockets and event streams closed so far and not yet awaited. */
  private final java.util.Set<String> closed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Bytes of flood messages the upstream's connection has taken (written to its socket). */
  final AtomicLong floodWritten = new AtomicLong();
  /** Completed when a flood's last message was written. */
  volatile CompletableFuture<Void> floodDone = new CompletableFuture<>();
  private final HttpServer server;

  WebSocketUpstream() {
    server = vertx.createHttpServer(new HttpServerOptions().addWebSocketSubProtocol("chat")).requestHandler(req -> {
      received.add(new Received(req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers())));
      if (!req.canUpgradeToWebSocket() && req.path().contains("/events")) {
        stream(req.response(), req.uri());
      } else if (!req.canUpgradeToWebSocket()) {
        req.response().end("plain");
      } else if (req.path().contains("/refuse")) {
        req.response().setStatusCode(403).putHeader("X-Upstream", "ws").end("refused by upstream");
      } else {
        req.toWebSocket().onSuccess(this::serve);
      }
    }).listen(0, "127.0.0.1").await();
  }

  private void serve(ServerWebSocket ws) {
    String uri = ws.uri();
    ws.closeHandler(v -> closed.add(uri));
    ws.textMessageHandler(text -> {
      if (text.equals("bye")) {
        ws.close();
      } else if (text.startsWith("flood ")) {
        flood(ws, Integer.parseInt(text.substring(6)));
      } else {
        ws.writeTextMessage(text);
      }
    });
    ws.binaryMessageHandler(ws::writeBinaryMessage);
  }

  private void stream(HttpServerResponse response, String uri) {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-store");
    AtomicLong n = new AtomicLong();
    long timer = vertx.setPeriodic(1, 100, id -> response.write("id: " + n.incrementAndGet() + "\ndata: tick\n\n"));
    response.closeHandler(v -> {
      vertx.cancelTimer(timer);
      closed.add(uri);
    });
  }

  /** Writes without waiting for the socket: how far the writes get shows whether the proxy pushes back. */
  private void flood(ServerWebSocket ws, int messages) {
    floodWritten.set(0);
    CompletableFuture<Void> done = new CompletableFuture<>();
    floodDone = done;
    Buffer message = Buffer.buffer(new byte[FLOOD_MESSAGE]);
    for (int i = 0; i < messages; i++) {
      boolean last = i == messages - 1;
      ws.writeBinaryMessage(message).onSuccess(v -> {
        floodWritten.addAndGet(FLOOD_MESSAGE);
        if (last) {
          done.complete(null);
        }
      });
    }
  }

  int port() {
    return server.actualPort();
  }

  /** The next request the upstream saw; fails the test if none arrives in time. */
  Received take() throws InterruptedException {
    return Polling.next(received, "the upstream received no request");
  }

  /** True when no request reached the upstream (what a refusal must guarantee). */
  boolean nothingReceived() throws InterruptedException {
    return received.poll(100, TimeUnit.MILLISECONDS) == null;
  }

  /** Waits until the WebSocket or event stream opened on {@code uri} is closed at the upstream; fails the test if it is not in time. */
  void awaitClosed(String uri) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!closed.remove(uri)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the connection on " + uri + " was not closed at the upstream");
      }
      Thread.sleep(10);
    }
  }

  void clear() {
    received.clear();
    closed.clear();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
