package io.portcullis.server.it;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls for well-formed requests (API, metrics). */
final class Http {
  /** HTTP/1.1: an h2c connection the server closed when idle fails the next request; an HTTP/1.1 one is retried. */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {
  }

  record Response(int status, String body, java.net.http.HttpHeaders headers) {
  }

  static Response get(int port, String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body(), r.headers());
  }

  /** Waits (bounded) until the node's session cache is trusted: its revocation feed is current. */
  static void awaitTrusted(int apiPort) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (get(apiPort, "/health/ready").body().contains("\"cache\":\"trusted\"")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the session cache never became trusted: " + get(apiPort, "/health/ready").body());
  }

  /** Waits (bounded) until the API serves rule {@code id} containing {@code marker}: the rule set is in force. */
  static void awaitRule(int apiPort, String id, String marker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Response r = get(apiPort, "/rules/" + id);
        if (r.status() == 200 && r.body().contains(marker)) {
          return;
        }
      } catch (IOException closedWhileReused) {
        // A kept-alive connection the server closed as it was taken again: the next try opens a new one.
      }
      Thread.sleep(50);
    }
    throw new AssertionError("rule " + id + " with " + marker + " was not in force within 10 s: "
        + new JsonArray(get(apiPort, "/rules").body()).encode());
  }
}
