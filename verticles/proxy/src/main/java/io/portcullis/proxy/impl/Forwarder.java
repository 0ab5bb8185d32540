package io.portcullis.proxy.impl;

import io.portcullis.pipeline.UpstreamTarget;
import io.portcullis.spi.ErrorResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a granted request to its upstream and the answer back, over pooled keep-alive connections: bodies are piped
 * in both directions with back-pressure, never buffered. Hop-by-hop headers (RFC 9110 7.6.1) are dropped in both
 * directions. A WebSocket upgrade takes the same way up to the upstream's answer; once the upstream switches
 * protocols, both connections are joined by a {@link Tunnel}. An upstream that has not begun its answer within the
 * response timeout of the request being sent is cut off and answered as {@link ResponseTimeout}.
 */
public final class Forwarder {
  /** Bodies up to this size (bytes, with a Content-Length) are collected and sent with the headers. */
  private static final long SMALL_BODY = 16 * 1024;

  private final Vertx vertx;
  private final HttpClient client;
  private final long responseTimeoutMillis;

  /** @param responseTimeoutMillis 0 for none ({@code portcullis.proxy.upstream_response_timeout}) */
  public Forwarder(Vertx vertx, HttpClient client, long responseTimeoutMillis) {
    this.vertx = vertx;
    this.client = client;
    this.responseTimeoutMillis = responseTimeoutMillis;
  }

  /** The upstream did not begin its answer in time (504, where an unreachable one is 502). */
  public static final class ResponseTimeout extends RuntimeException {
    ResponseTimeout(long millis) {
      super("the upstream did not answer within " + millis + " ms", null, false, false);
    }
  }

  /**
   * The response timeout of one exchange, on its event loop: armed once the request is sent, disarmed by the answer.
   * An upstream that answers before the request is fully sent is never cut.
   */
  private final class Deadline {
    private final HttpClientRequest out;
    private long timer = -1;
    private boolean answered;
    private boolean fired;

    Deadline(HttpClientRequest out) {
      this.out = out;
    }

    void arm() {
      if (!answered && responseTimeoutMillis > 0) {
        timer = vertx.setTimer(responseTimeoutMillis, id -> {
          fired = true;
          // Closes the upstream connection: it cannot carry another request while this one may still be answered.
          out.reset(0, new ResponseTimeout(responseTimeoutMillis));
        });
      }
    }

    void answered() {
      answered = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    }

    /**
     * The request was sent, or the client's body could not be: cut off (the client gone, its read timeout passed),
     * the upstream must not answer half a request, and its connection cannot carry another one.
     */
    void sent(AsyncResult<Void> sending) {
      if (sending.failed()) {
        out.reset();
      } else {
        arm();
      }
    }

    Throwable explain(Throwable cause) {
      return fired ? new ResponseTimeout(responseTimeoutMillis) : cause;
    }
  }

  /** What the caller learns about one exchange. */
  public interface Listener {
    /** The answer's status and headers, before they are sent (metrics, audit, CORS). */
    void answering(int status, MultiMap headers);

    /** The upstream could not be reached or failed before answering: what to answer instead. */
    ErrorResponse unreachable(Throwable cause);

    /**
     * The exchange outlives its request: a WebSocket tunnel, or an answer streamed without a small known length
     * (server-sent events). {@code close} ends it from the edge (on the connection's event loop only).
     *
     * @return what to run once it has ended, however
     */
    Runnable streaming(Runnable close);
  }

  /**
   * Forwards {@code in} (paused) to {@code upstream}.
   *
   * @param authority the Host to send when the client's is preserved, else null for the upstream's own
   * @param headers fills the upstream request's headers (from the client's, filtered and mutated)
   */
  public void forward(HttpServerRequest in, UpstreamTarget upstream, String uri, HostAndPort authority,
      Consumer<MultiMap> headers, Listener listener) {
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(upstream.port(), upstream.host()))
        .setMethod(in.method())
        .setURI(uri)
        .setHost(upstream.host())
        .setPort(upstream.port())
        .setSsl(upstream.tls());
    client.request(options).onComplete(ar -> {
      if (ar.failed()) {
        fail(in, listener, ar.cause());
        return;
      }
      HttpClientRequest out = ar.result();
      headers.accept(out.headers());
      if (authority != null) {
        out.authority(authority);
      }
      Deadline deadline = new Deadline(out);
      if (in.canUpgradeToWebSocket()) {
        upgrade(in, out, deadline, listener);
        return;
      }
      out.response().onComplete(res -> {
        deadline.answered();
        if (res.failed()) {
          fail(in, listener, deadline.explain(res.cause()));
        } else {
          respond(in, res.result(), listener);
        }
      });
      String length = in.getHeader("Content-Length");
      if (length != null) {
        out.putHeader("Content-Length", length);
        in.pipeTo(out).onComplete(deadline::sent);
      } else if (in.headers().contains("Transfer-Encoding", "chunked", true)) {
        out.setChunked(true);
        in.pipeTo(out).onComplete(deadline::sent);
      } else {
        in.resume();
        out.end().onComplete(sent -> deadline.arm());
      }
    });
  }

  /**
   * Asks the upstream to switch protocols. Accepted (101): the client gets the upstream's handshake answer and the
   * two connections become one tunnel. Anything else is answered to the client like any HTTP answer.
   */
  private static void upgrade(HttpServerRequest in, HttpClientRequest out, Deadline deadline, Listener listener) {
    // Upgrade and Connection are hop-by-hop, so they were not copied: this hop asks for the same upgrade. A plain
    // "Connection: Upgrade" is also what the client connection needs to switch to raw bytes on a 101.
    out.putHeader("Upgrade", in.getHeader("Upgrade")).putHeader("Connection", "Upgrade");
    out.connect().onComplete(res -> {
      deadline.answered();
      if (res.failed()) {
        fail(in, listener, deadline.explain(res.cause()));
        return;
      }
      HttpClientResponse answer = res.result();
      if (answer.statusCode() != 101) {
        // The upstream request was sent as a tunnel and never ends, so its connection cannot carry another request.
        answer.end().onComplete(done -> out.connection().close());
        respond(in, answer, listener);
        return;
      }
      // Paused until the client side is a socket too, so that no early upstream frame is lost.
      NetSocket upstream = answer.netSocket().pause();
      HttpServerResponse response = in.response().setStatusCode(101);
      copyAnswerHeaders(answer, response.headers());
      String protocol = answer.getHeader("Upgrade");
      response.headers().set("Upgrade", protocol == null ? in.getHeader("Upgrade") : protocol)
          .set("Connection", "Upgrade");
      listener.answering(101, response.headers());
      in.toNetSocket().onComplete(client -> {
        if (client.succeeded()) {
          NetSocket socket = client.result();
          Tunnel.join(socket, upstream);
          Runnable ended = listener.streaming(() -> {
            socket.close();
            upstream.close();
          });
          // Either side's end closes the other (Tunnel), so the client socket closing is the tunnel's end.
          socket.closeHandler(v -> ended.run());
        } else {
          upstream.close();
        }
      });
    });
    // RFC 6455 upgrades carry no body; resuming lets the request end before the connection changes hands.
    in.resume();
    deadline.arm();
  }

  private static void fail(HttpServerRequest in, Listener listener, Throwable cause) {
    HttpServerResponse response = in.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    ErrorResponse error = listener.unreachable(cause);
    ErrorAnswer.send(in, error, headers -> listener.answering(error.status(), headers));
  }

  private static void respond(HttpServerRequest in, HttpClientResponse upstream, Listener listener) {
    HttpServerResponse response = in.response();
    response.setStatusCode(upstream.statusCode());
    if (upstream.statusMessage() != null) {
      response.setStatusMessage(upstream.statusMessage());
    }
    copyAnswerHeaders(upstream, response.headers());
    listener.answering(upstream.statusCode(), response.headers());
    String length = upstream.getHeader("Content-Length");
    if (isSmall(length)) {
      // A small body of known length is sent with the headers in one write: one flush instead of two or more.
      upstream.body().onSuccess(response::end).onFailure(err -> response.reset());
      return;
    }
    if (length == null) {
      if (in.version() == HttpVersion.HTTP_1_0) {
        // No chunking for HTTP/1.0 clients: the end of the body is the end of the connection.
        upstream.body().onSuccess(response::end).onFailure(err -> response.reset());
        return;
      }
      response.setChunked(true);
    }
    // Both hops: the client's connection, and the upstream's, which cannot carry another request mid-answer. Without
    // the second, a client gone from an endless stream would leave the upstream streaming into a drain forever.
    Runnable cut = () -> {
      response.reset();
      upstream.request().reset();
    };
    Runnable ended = listener.streaming(cut);
    // A client connection closed mid-answer (gone, or idled out on a stalled upstream) does not always fail the pipe.
    response.closeHandler(v -> {
      ended.run();
      upstream.request().reset();
    });
    upstream.pipeTo(response).onComplete(done -> {
      ended.run();
      if (done.failed()) {
        cut.run();
      }
    });
  }

  /** The upstream's answer headers without hop-by-hop ones and those its {@code Connection} lists. */
  private static void copyAnswerHeaders(HttpClientResponse upstream, MultiMap target) {
    List<String> listed = UpstreamHeaders.connectionListed(upstream.headers());
    for (Map.Entry<String, String> h : upstream.headers()) {
      String name = h.getKey();
      if (!UpstreamHeaders.isHopByHop(name) && !UpstreamHeaders.isListed(listed, name)) {
        target.add(name, h.getValue());
      }
    }
  }

  private static boolean isSmall(String contentLength) {
    if (contentLength == null || contentLength.isEmpty() || contentLength.length() > 5) {
      return false;
    }
    for (int i = 0; i < contentLength.length(); i++) {
      if (!Character.isDigit(contentLength.charAt(i))) {
        return false;
      }
    }
    return Integer.parseInt(contentLength) <= SMALL_BODY;
  }
}
