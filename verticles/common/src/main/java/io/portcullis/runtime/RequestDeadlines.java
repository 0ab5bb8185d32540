package io.portcullis.runtime;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.Arrays;

/**
 * Oathkeeper's {@code timeout.read} and {@code timeout.write}, with the meaning of Go's {@code http.Server}
 * {@code ReadTimeout} and {@code WriteTimeout}: a request's body must have arrived within {@code read}, and its
 * response must have been written within {@code write}, both counted from when the request's headers are in (Go
 * counts the headers into {@code read}; here they are bounded by {@link HeaderReadTimeout}). Past either, the
 * connection is closed, as Go's server does: no 408, since a proxied body is already streaming to the upstream, whose
 * answer may be on its way. A WebSocket upgrade is not bounded by {@code write} once switched (Go clears a hijacked
 * connection's deadlines); a streamed answer (server-sent events) is, as in Go. {@code 0s} turns either off.
 *
 * <p>No timer per request: each server instance (one per event loop) keeps its requests in flight in two arrays and
 * sweeps them on one timer while there are any, every quarter of the shorter timeout but at most every
 * {@value #MAX_PERIOD_MILLIS} ms (so a finished request is let go young, before garbage collections promote it), so
 * a deadline is enforced up to that much late. Used on the instance's event loop only.
 */
public final class RequestDeadlines {
  private static final long MAX_PERIOD_MILLIS = 100;

  private final Vertx vertx;
  private final long periodMillis;
  private final long readNanos;
  private final long writeNanos;
  private HttpServerRequest[] requests = new HttpServerRequest[16];
  private long[] arrivals = new long[16];
  private int size;
  private long timer = -1;

  private RequestDeadlines(Vertx vertx, Duration read, Duration write) {
    this.vertx = vertx;
    this.readNanos = read.toNanos();
    this.writeNanos = write.toNanos();
    long shortest = read.isZero() ? write.toMillis() : write.isZero() ? read.toMillis()
        : Math.min(read.toMillis(), write.toMillis());
    this.periodMillis = Math.max(10, Math.min(MAX_PERIOD_MILLIS, shortest / 4));
  }

  /** {@code handler} behind the deadlines; {@code handler} itself when both are zero. */
  public static Handler<HttpServerRequest> guard(Vertx vertx, Duration read, Duration write,
      Handler<HttpServerRequest> handler) {
    if (read.isZero() && write.isZero()) {
      return handler;
    }
    RequestDeadlines deadlines = new RequestDeadlines(vertx, read, write);
    return req -> {
      deadlines.arrived(req);
      handler.handle(req);
    };
  }

  private void arrived(HttpServerRequest req) {
    if (size == requests.length) {
      requests = Arrays.copyOf(requests, size * 2);
      arrivals = Arrays.copyOf(arrivals, size * 2);
    }
    requests[size] = req;
    arrivals[size] = System.nanoTime();
    size++;
    if (timer < 0) {
      timer = vertx.setTimer(periodMillis, id -> sweep(System.nanoTime()));
    }
  }

  private void sweep(long now) {
    timer = -1;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      HttpServerRequest r = requests[i];
      long age = now - arrivals[i];
      boolean bodyIn = r.isEnded();
      boolean answered = r.response().ended();
      if (r.response().closed() || (bodyIn && answered)) {
        continue;
      }
      boolean late = writeNanos > 0 && !answered && age > writeNanos;
      if (late && bodyIn && r.canUpgradeToWebSocket()) {
        // A WebSocket tunnel (or its handshake): exempt from write, as Go exempts a hijacked connection.
        continue;
      }
      if (late || (readNanos > 0 && !bodyIn && age > readNanos)) {
        cut(r);
        continue;
      }
      requests[kept] = r;
      arrivals[kept] = arrivals[i];
      kept++;
    }
    Arrays.fill(requests, kept, size, null);
    size = kept;
    if (size > 0) {
      timer = vertx.setTimer(periodMillis, id -> sweep(System.nanoTime()));
    }
  }

  /**
   * An HTTP/2 stream is reset alone; an HTTP/1 request takes its connection with it, as in Go. At once: Vert.x's own
   * close (its handler's, also when the channel is closed) first flushes what is queued for the client, which a client
   * that stopped reading never lets happen; closing from Vert.x's handler context towards the socket skips that, as
   * Vert.x does for an idle connection (its connection implementation is the only place that context is exposed).
   */
  private static void cut(HttpServerRequest r) {
    if (r.version() == HttpVersion.HTTP_2) {
      r.response().reset();
    } else if (r.connection() instanceof ConnectionBase connection) {
      connection.channelHandlerContext().close();
    } else {
      r.connection().close();
    }
  }
}
