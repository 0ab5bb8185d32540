package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstreams that hang, reset or answer slowly, many requests at once: a hang is 504 once the response timeout has
 * passed, a reset 502, a slow answer arrives whole, a body that stalls is cut when the client connection idles out.
 * Every connection these held at the upstream is closed by the proxy, and with a pool of 8 connections per proxy
 * instance a leak would starve the healthy requests that follow. Figures are printed.
 */
class UpstreamFaultsTest {
  static final int CONCURRENT = 24;
  static FaultyUpstream upstream;
  static TestNode node;
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    upstream = new FaultyUpstream();
    node = new TestNode(TestNode.ALL_HANDLERS, """
        - id: faulty
          match: {url: "http://<[^/]+>/<.*>", methods: [GET]}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          upstream: {url: "%UPSTREAM%"}
        """, "http://127.0.0.1:" + upstream.port(), Map.of(
        "PORTCULLIS_PORTCULLIS_PROXY_UPSTREAM_MAX_CONNECTIONS", "8",
        "PORTCULLIS_PORTCULLIS_PROXY_UPSTREAM_RESPONSE_TIMEOUT", "1s",
        "PORTCULLIS_SERVE_PROXY_TIMEOUT_IDLE", "3s"));
  }

  @AfterAll
  static void stop() throws IOException {
    node.close();
    upstream.close();
  }

  @Test
  void hangsResetsSlowAnswersAndStallsAreAnsweredAndLeakNoConnection() throws Exception {
    Map<String, Integer> healthy = statuses("/ok", CONCURRENT);
    assertThat(healthy).containsOnlyKeys("200");
    int before = upstream.held.get();

    // No more hanging requests than one instance's pool has connections: more would wait for one, and then time out
    // at the client connection's idle limit instead.
    List<CompletableFuture<HttpResponse<String>>> hangs = send("/hang", 8);
    int heldDuring = FaultyUpstream.await(upstream.held, 8);
    Map<String, Integer> hang = tally(hangs);
    Map<String, Integer> reset = statuses("/reset", CONCURRENT);
    Map<String, Integer> slow = statuses("/slow", CONCURRENT);
    List<CompletableFuture<HttpResponse<String>>> stalls = send("/stall", 4);
    Map<String, Integer> stall = tally(stalls);
    int heldAfter = FaultyUpstream.await(upstream.held, 0);
    Map<String, Integer> after = statuses("/ok", CONCURRENT);

    System.out.printf("upstream faults, %d requests each: hang (8) %s, reset %s, slow %s, stall (4) %s; healthy after %s;"
            + " connections held by faulty answers at the upstream: before %d, during %d, after %d; open at the "
            + "upstream after: %d (pool bound 8 x 2 instances)%n", CONCURRENT, hang, reset, slow, stall, after, before,
        heldDuring, heldAfter, upstream.open.get());
    assertThat(hang).containsOnlyKeys("504");
    assertThat(reset).containsOnlyKeys("502");
    assertThat(slow).containsOnlyKeys("200");
    assertThat(stall).as("headers sent, then the body is cut").containsOnlyKeys("cut");
    assertThat(heldDuring).as("every hanging request reached the upstream").isEqualTo(8);
    assertThat(heldAfter).isZero();
    assertThat(after).as("no connection of the pool was lost").containsOnlyKeys("200");
    assertThat(upstream.open.get()).isLessThanOrEqualTo(16);
  }

  static List<CompletableFuture<HttpResponse<String>>> send(String path, int n) {
    List<CompletableFuture<HttpResponse<String>>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.proxyPort + path + "/" + i))
          .timeout(Duration.ofSeconds(60)).build();
      out.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    return out;
  }

  /** Status codes by count; a slow answer must be whole, a failed body read is "cut". */
  static Map<String, Integer> tally(List<CompletableFuture<HttpResponse<String>>> sent) throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    for (CompletableFuture<HttpResponse<String>> f : sent) {
      String key;
      try {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        key = String.valueOf(r.statusCode());
        if (r.uri().getPath().startsWith("/slow") && !r.body().equals(FaultyUpstream.SLOW_BODY)) {
          key = "incomplete";
        }
      } catch (java.util.concurrent.ExecutionException e) {
        key = "cut";
        if (System.getProperty("portcullis.test.verbose") != null) {
          e.printStackTrace();
        }
      }
      out.merge(key, 1, Integer::sum);
    }
    return out;
  }

  static Map<String, Integer> statuses(String path, int n) throws Exception {
    return tally(send(path, n));
  }
}
