package io.portcullis.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.sessioncache.SessionCache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongLivedConnectionsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SessionCache cache = new SessionCache(true, 10, Duration.ofMinutes(5), Clock.systemUTC(), registry, "");
  final LongLivedConnections connections = new LongLivedConnections(cache, registry, "");
  final List<String> closed = new ArrayList<>();

  LongLivedConnections.Tracked open(String name, String session, String identity) {
    return connections.open(session, identity, () -> closed.add(name));
  }

  double gauge() {
    return registry.get("long_lived_connections").gauge().value();
  }

  @Test
  void aRevocationClosesItsSessionsAndItsIdentitysConnectionsOnce() {
    open("a", "s1", "i1");
    open("b", "s2", "i1");
    LongLivedConnections.Tracked c = open("c", "s3", "i2");
    cache.evictSession("s1");
    assertThat(closed).containsExactly("a");
    cache.evictIdentity("i1");
    assertThat(closed).containsExactly("a", "b");
    assertThat(gauge()).isEqualTo(1);
    c.ended();
    cache.evictSession("s3");
    assertThat(closed).as("an ended connection is not closed again").containsExactly("a", "b");
    assertThat(gauge()).isZero();
    assertThat(registry.get("long_lived_connections_closed").tag("reason", "revoked").counter().count()).isEqualTo(2);
  }

  @Test
  void aConnectionOpenedAfterItsSessionWasRevokedIsClosedAtOnce() {
    // The session check passed, then the revocation arrived before the upgrade completed.
    cache.evictSession("s1");
    open("late", "s1", "i1");
    assertThat(closed).containsExactly("late");
    assertThat(gauge()).isZero();
  }

  @Test
  void expiryClosesAndIsCountedApart() {
    open("a", "s1", "i1").expire();
    assertThat(closed).containsExactly("a");
    assertThat(registry.get("long_lived_connections_closed").tag("reason", "expired").counter().count()).isEqualTo(1);
  }
}
