package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.config.ClusterConfig;
import io.portcullis.ratelimit.AttemptLimiter;
import io.portcullis.ratelimit.BackOffPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clustered Vert.x instances in this JVM, built as a node builds them (Hazelcast over TCP-IP on loopback): the
 * attempt counters of one are the other's, and attempts made on both at once are each counted exactly once (the
 * compare-and-set of {@link AttemptLimiter} over Hazelcast's map).
 */
class ClusteredAttemptLimiterTest {
  static Vertx a;
  static Vertx b;

  @BeforeAll
  static void cluster() throws IOException {
    int pa = freePort();
    int pb = freePort();
    List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
    a = node(new ClusterConfig(true, "127.0.0.1", pa, members, null));
    b = node(new ClusterConfig(true, "127.0.0.1", pb, members, null));
  }

  @AfterAll
  static void close() {
    b.close().await();
    a.close().await();
  }

  static Vertx node(ClusterConfig c) {
    return ClusteredVertx.configure(Vertx.builder(), new VertxOptions(), c).buildClustered().await();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static AttemptLimiter limiter(Vertx vertx, String map, int backOffAfter) {
    return new AttemptLimiter(vertx, map, new BackOffPolicy(backOffAfter, 0, Duration.ofHours(1), Duration.ofHours(1),
        Duration.ofHours(1), Duration.ZERO), Clock.systemUTC());
  }

  @Test
  void oneNodesFailuresMakeTheOtherWaitAndItsLiftFreesBoth() {
    AttemptLimiter onA = limiter(a, "test.cluster.shared", 2);
    AttemptLimiter onB = limiter(b, "test.cluster.shared", 2);
    assertThat(onA.attempt("login:alice").await().allowed()).isTrue();
    assertThat(onA.attempt("login:alice").await().allowed()).isTrue();
    AttemptLimiter.Verdict onOther = onB.attempt("login:alice").await();
    assertThat(onOther.allowed()).as("counted on a, refused on b").isFalse();
    assertThat(onOther.retryAfter()).isGreaterThan(Duration.ofMinutes(59));
    assertThat(onB.entries().await()).containsOnlyKeys("login:alice");
    onB.clear("login:alice").await();
    assertThat(onA.attempt("login:alice").await().allowed()).isTrue();
  }

  @Test
  void attemptsOnBothNodesAtOnceAreEachCountedOnce() {
    AttemptLimiter onA = limiter(a, "test.cluster.race", 10_000);
    AttemptLimiter onB = limiter(b, "test.cluster.race", 10_000);
    int each = 40;
    Future<?> fromA = burst(a, onA, each);
    Future<?> fromB = burst(b, onB, each);
    Future.all(fromA, fromB).await();
    assertThat(onA.get("k").await().failures()).isEqualTo(2 * each);
    assertThat(onB.get("k").await().failures()).isEqualTo(2 * each);
  }

  /** {@code n} attempts started together on {@code vertx}'s event loop; fails unless each was let through. */
  static Future<?> burst(Vertx vertx, AttemptLimiter limiter, int n) {
    return Future.future(done -> vertx.runOnContext(x -> {
      List<Future<AttemptLimiter.Verdict>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(limiter.attempt("k").map(v -> {
          assertThat(v.allowed()).as("below the threshold every attempt goes through").isTrue();
          return v;
        }));
      }
      Future.all(all).onComplete(r -> done.handle(r.mapEmpty()));
    }));
  }
}
