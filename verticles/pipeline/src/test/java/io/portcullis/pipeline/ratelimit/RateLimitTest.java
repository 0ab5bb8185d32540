package io.portcullis.pipeline.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.config.PortcullisConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The buckets on a clock the test moves: counts at given instants, no waiting. */
class RateLimitTest {
  static final long SECOND = 1_000_000_000L;
  static final long T0 = 123_456_789_000L;

  static RateLimit limit(double rate, int burst, String key, int maxKeys) {
    return new RateLimit(new PortcullisConfig.RateLimit("r", rate, burst, key, maxKeys), "rate_limits[0]", T0);
  }

  static int passed(RateLimit limit, String key, int requests, long now) {
    int passed = 0;
    for (int i = 0; i < requests; i++) {
      if (limit.take(key, now) == null) {
        passed++;
      }
    }
    return passed;
  }

  @Test
  void aBurstPassesThenTheRateRefills() {
    RateLimit limit = limit(5, 5, "client_address", 100);
    assertThat(passed(limit, "a", 5, T0)).isEqualTo(5);
    RateLimited refused = limit.take("a", T0);
    assertThat(refused).isNotNull();
    assertThat(refused.waitNanos()).isEqualTo(SECOND / 5);
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.reason()).isEqualTo("more than 5 requests per second (burst 5) by client address "
        + "(rate_limits[0])");
    // 200 ms later one token is back; a second later the whole burst.
    assertThat(passed(limit, "a", 3, T0 + SECOND / 5)).isEqualTo(1);
    assertThat(passed(limit, "a", 10, T0 + 2 * SECOND)).isEqualTo(5);
  }

  @Test
  void keysHaveTheirOwnBucketsAndARuleWideLimitHasOne() {
    RateLimit byAddress = limit(1, 2, "client_address", 100);
    assertThat(passed(byAddress, "a", 5, T0)).isEqualTo(2);
    assertThat(passed(byAddress, "b", 5, T0)).isEqualTo(2);
    RateLimit byRule = limit(1, 2, "rule", 100);
    assertThat(passed(byRule, "a", 5, T0) + passed(byRule, "b", 5, T0)).isEqualTo(2);
  }

  @Test
  void aFractionalRateWaitsSecondsAndRetryAfterRoundsUp() {
    RateLimit limit = limit(0.25, 1, "client_address", 100);
    assertThat(passed(limit, "a", 1, T0)).isEqualTo(1);
    assertThat(limit.take("a", T0 + SECOND / 2).retryAfterSeconds()).isEqualTo(4);
    assertThat(passed(limit, "a", 2, T0 + 4 * SECOND)).isEqualTo(1);
  }

  @Test
  void refusalsAreReportedAtMostOnceASecondPerKeyWithTheirCount() {
    RateLimit limit = limit(1, 1, "client_address", 100);
    limit.take("a", T0);
    assertThat(limit.take("a", T0).toReport()).as("the first refusal is reported").isEqualTo(1);
    for (int i = 0; i < 9; i++) {
      assertThat(limit.take("a", T0 + i).toReport()).isZero();
    }
    assertThat(limit.take("b", T0)).as("b has its own token").isNull();
    assertThat(limit.take("b", T0).toReport()).as("another key reports on its own").isEqualTo(1);
    RateLimited later = limit.take("a", T0 + SECOND + 10);
    // a's bucket has a token again after a second: take it, then the refusal reports the nine held back and itself.
    assertThat(later).isNull();
    RateLimited report = limit.take("a", T0 + SECOND + 20);
    assertThat(report.toReport()).isEqualTo(10);
    assertThat(report.reportedReason()).endsWith("; 10 requests refused for this key since its previous event");
  }

  @Test
  void idleBucketsAreDroppedAndAFullTableRefusesNewKeysUntilOneIsIdle() {
    RateLimit limit = limit(1, 1, "client_address", 2);
    assertThat(passed(limit, "a", 1, T0)).isEqualTo(1);
    assertThat(passed(limit, "b", 1, T0)).isEqualTo(1);
    RateLimited full = limit.take("c", T0);
    assertThat(full).isNotNull();
    assertThat(full.reason()).endsWith("; no room for another client address");
    assertThat(full.toReport()).isEqualTo(1);
    assertThat(limit.take("d", T0).toReport()).as("coalesced as well").isZero();
    // Two seconds on, a and b are full again, so the sweep a full table triggers makes room.
    assertThat(passed(limit, "c", 1, T0 + 2 * SECOND)).isEqualTo(1);
    assertThat(passed(limit, "d", 1, T0 + 2 * SECOND)).isEqualTo(1);
  }

  @Test
  void limitsBindToRulesByIdOrGlobInTheOrderConfigured() {
    EdgeRateLimits limits = new EdgeRateLimits(List.of(
        new PortcullisConfig.RateLimit("admin-*", 1.0, 1, "client_address", 10),
        new PortcullisConfig.RateLimit("admin-api", 1.0, 1, "subject", 10)));
    assertThat(limits.forRule("public")).isNull();
    RuleRateLimits console = limits.forRule("admin-console");
    assertThat(console.bySubject()).isFalse();
    RuleRateLimits api = limits.forRule("admin-api");
    assertThat(api.bySubject()).isTrue();
    assertThat(limits.forRule("admin-api")).as("the same buckets in every rule set").isSameAs(api);
    assertThat(api.beforePipeline("10.0.0.1")).isNull();
    assertThat(api.beforePipeline("10.0.0.1")).isNotNull();
    assertThat(api.afterPipeline("alice")).isNull();
    assertThat(api.afterPipeline("alice").reason()).contains("by subject", "rate_limits[1]");
    assertThat(limits.unmatched(Set.of("admin-api", "public"), "v1")).isEmpty();
    assertThat(limits.unmatched(Set.of("public"), "v2")).containsExactly(
        "portcullis.proxy.rate_limits[0].rule: \"admin-*\" matches no rule of rule set v2: expected the id of a rule, "
            + "or a glob such as \"admin-*\"",
        "portcullis.proxy.rate_limits[1].rule: \"admin-api\" matches no rule of rule set v2: expected the id of a "
            + "rule, or a glob such as \"admin-*\"");
    limits.compiled(List.of("public"), "v2");
    assertThat(limits.forRule("admin-api")).as("a rule gone and back starts afresh").isNotSameAs(api);
    assertThat(EdgeRateLimits.glob("a.*b").matcher("a.xyzb").matches()).isTrue();
    assertThat(EdgeRateLimits.glob("a.*b").matcher("aXxyzb").matches()).as("a dot is literal").isFalse();
  }
}
