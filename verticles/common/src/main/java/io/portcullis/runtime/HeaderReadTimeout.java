package io.portcullis.runtime;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection whose first request's headers have not all arrived within a bound. The idle timeout alone does
 * not stop a slow-loris client: every byte it trickles in counts as traffic. (A TLS handshake is bounded before this
 * by Vert.x' SSL handshake timeout, 10 s.)
 */
public final class HeaderReadTimeout {
  private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long millis;

  private HeaderReadTimeout(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.millis = Math.max(1, timeout.toMillis());
  }

  /** Sets {@code handler} as {@code server}'s request handler, behind the timeout. */
  public static HttpServer guard(Vertx vertx, HttpServer server, Duration timeout,
      Handler<HttpServerRequest> handler) {
    HeaderReadTimeout guard = new HeaderReadTimeout(vertx, timeout);
    return server.connectionHandler(guard::opened).requestHandler(req -> {
      guard.arrived(req.connection());
      handler.handle(req);
    });
  }

  private void opened(HttpConnection conn) {
    waiting.put(conn, vertx.setTimer(millis, id -> {
      if (waiting.remove(conn) != null) {
        conn.close();
      }
    }));
    conn.closeHandler(v -> arrived(conn));
  }

  private void arrived(HttpConnection conn) {
    Long timer = waiting.remove(conn);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
