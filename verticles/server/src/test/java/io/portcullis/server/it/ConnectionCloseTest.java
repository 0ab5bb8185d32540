package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Clients that ask for their connection to be closed ({@code Connection: close}, one request per connection, three at
 * a time) get every answer: granted (upstream), denied (no upstream) and on the API port. Regression: with the io_uring
 * transport, which {@code portcullis.transport: auto} used to choose, 2 to 12% of them got the connection closed
 * without a response.
 */
class ConnectionCloseTest {
  static final int PER_THREAD = 200;

  @Test
  void everyConnectionCloseRequestIsAnswered() throws Exception {
    try (EchoUpstream upstream = new EchoUpstream(); TestNode node = new TestNode(TestNode.ALL_HANDLERS, """
        - id: open
          match: {url: "http://<[^/]+>/open/<.*>", methods: [GET]}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          upstream: {url: "%UPSTREAM%"}
        - id: denied
          match: {url: "http://<[^/]+>/denied/<.*>", methods: [GET]}
          authenticators: [{handler: anonymous}]
          authorizer: {handler: deny}
          mutators: [{handler: noop}]
          upstream: {url: "%UPSTREAM%"}
        """, "http://127.0.0.1:" + upstream.port(), Map.of())) {
      Map<String, Integer> unanswered = new TreeMap<>();
      unanswered.put("granted", unanswered(node.proxyPort, "/open/"));
      unanswered.put("denied", unanswered(node.proxyPort, "/denied/"));
      unanswered.put("api", unanswered(node.apiPort, "/health/alive?"));
      System.out.printf("Connection: close, %d requests each: unanswered %s%n", 3 * PER_THREAD, unanswered);
      assertThat(unanswered).containsOnly(Map.entry("granted", 0), Map.entry("denied", 0), Map.entry("api", 0));
    }
  }

  private static int unanswered(int port, String prefix) throws InterruptedException {
    AtomicInteger lost = new AtomicInteger();
    Thread[] clients = new Thread[3];
    for (int t = 0; t < clients.length; t++) {
      clients[t] = new Thread(() -> {
        for (int i = 0; i < PER_THREAD; i++) {
          try {
            RawHttp.get(port, prefix + i);
          } catch (java.io.IOException e) {
            lost.incrementAndGet();
          }
        }
      });
      clients[t].start();
    }
    for (Thread t : clients) {
      t.join();
    }
    return lost.get();
  }
}
