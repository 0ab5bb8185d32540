package io.portcullis.proxy.impl;

import io.portcullis.pipeline.UpstreamTarget;
import io.portcullis.pipeline.errors.ErrorResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Streams a granted HTTP request to its upstream and the answer back, over pooled keep-alive connections: bodies are
 * piped in both directions with back-pressure, never buffered. Hop-by-hop headers (RFC 9110 7.6.1) are dropped in
 * both directions. WebSocket upgrades are not handled here.
 */
public final class Forwarder {
  /** Bodies up to this size (bytes, with a Content-Length) are collected and sent with the headers. */
  private static final long SMALL_BODY = 16 * 1024;

  private final HttpClient client;

  public Forwarder(HttpClient client) {
    this.client = client;
  }

  /** What the caller learns about one exchange. */
  public interface Listener {
    /** The answer's status and headers, before they are sent (metrics, CORS). */
    void answering(int status, MultiMap headers);

    /** The upstream could not be reached or failed before answering: what to answer instead. */
    ErrorResponse unreachable(Throwable cause);
  }

  /**
   * Forwards {@code in} (paused) to {@code upstream}.
   *
   * @param authority the Host to send when the client's is preserved, else null for the upstream's own
   * @param headers fills the upstream request's headers (from the client's, filtered and mutated)
   */
  public void forward(HttpServerRequest in, UpstreamTarget upstream, String uri, HostAndPort authority,
      java.util.function.Consumer<MultiMap> headers, Listener listener) {
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
      out.response().onComplete(res -> {
        if (res.failed()) {
          fail(in, listener, res.cause());
        } else {
          respond(in, res.result(), listener);
        }
      });
      String length = in.getHeader("Content-Length");
      if (length != null) {
        out.putHeader("Content-Length", length);
        in.pipeTo(out);
      } else if (in.headers().contains("Transfer-Encoding", "chunked", true)) {
        out.setChunked(true);
        in.pipeTo(out);
      } else {
        in.resume();
        out.end();
      }
    });
  }

  private static void fail(HttpServerRequest in, Listener listener, Throwable cause) {
    HttpServerResponse response = in.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    ErrorResponse error = listener.unreachable(cause);
    error.headers().forEach(response::putHeader);
    response.putHeader("Content-Type", error.contentType()).putHeader("Cache-Control", "no-store");
    listener.answering(error.status(), response.headers());
    in.resume();
    response.setStatusCode(error.status()).end(Buffer.buffer(error.body()));
  }

  private static void respond(HttpServerRequest in, HttpClientResponse upstream, Listener listener) {
    HttpServerResponse response = in.response();
    response.setStatusCode(upstream.statusCode());
    if (upstream.statusMessage() != null) {
      response.setStatusMessage(upstream.statusMessage());
    }
    List<String> listed = UpstreamHeaders.connectionListed(upstream.headers());
    MultiMap target = response.headers();
    for (Map.Entry<String, String> h : upstream.headers()) {
      String name = h.getKey();
      if (!UpstreamHeaders.isHopByHop(name) && !UpstreamHeaders.isListed(listed, name)) {
        target.add(name, h.getValue());
      }
    }
    listener.answering(upstream.statusCode(), target);
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
    upstream.pipeTo(response).onFailure(err -> response.reset());
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
