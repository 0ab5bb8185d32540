package io.portcullis.rules;

import io.portcullis.rules.match.RuleMatchResult;
import io.portcullis.rules.match.RuleSetIndex;

import static io.portcullis.rules.TestRules.match;
import static io.portcullis.rules.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 10,000 rules on distinct hosts plus a few catch-alls: still correct, quick to build and to match. */
class LargeRuleSetTest {

  private static final int RULES = 10_000;

  private static List<RuleSetIndex.Entry<Integer>> entries(MatchingStrategy strategy) {
    boolean glob = strategy == MatchingStrategy.GLOB;
    List<RuleSetIndex.Entry<Integer>> entries = new ArrayList<>();
    for (int i = 0; i < RULES; i++) {
      String url = "https://svc" + i + ".example.com/api/v" + (i % 5) + (glob ? "/<**>" : "/<.*>");
      entries.add(new RuleSetIndex.Entry<>(rule("r" + i, url, 0), i));
    }
    add(entries, rule("health", glob ? "https://<*>.example.com/health" : "https://<[a-z0-9]+>.example.com/health", 5));
    add(entries, rule("fallback", glob ? "<**>" : "<.*>", -1, "GET", "POST"));
    add(entries, rule("posts", glob ? "https://<**>" : "https://<.*>", 0, "POST"));
    add(entries, rule("svc42-all", glob ? "https://svc42.example.com/<**>" : "https://svc42.example.com/<.*>", 0));
    return entries;
  }

  private static void add(List<RuleSetIndex.Entry<Integer>> entries, AccessRule rule) {
    entries.add(new RuleSetIndex.Entry<>(rule, -1));
  }

  @Test
  void regexpRules() throws Exception {
    check(MatchingStrategy.REGEXP);
  }

  @Test
  void globRules() throws Exception {
    check(MatchingStrategy.GLOB);
  }

  private void check(MatchingStrategy strategy) throws Exception {
    List<RuleSetIndex.Entry<Integer>> entries = entries(strategy);

    long start = System.nanoTime();
    RuleSetIndex<Integer> index = RuleSetIndex.build(entries, strategy);
    Duration build = Duration.ofNanos(System.nanoTime() - start);

    assertThat(build).as("build time").isLessThan(Duration.ofSeconds(3));
    assertThat(index.size()).isEqualTo(RULES + 4);
    assertThat(index.overlaps()).extracting(RuleOverlap::ruleA, RuleOverlap::ruleB)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r42", "svc42-all"));

    start = System.nanoTime();
    for (int i = 0; i < RULES; i++) {
      RuleMatchResult<Integer> result = match(index, "https://svc" + i + ".example.com/api/v" + (i % 5) + "/x/y");
      assertThat(result.payload()).isEqualTo(i);
    }
    Duration matching = Duration.ofNanos(System.nanoTime() - start);
    assertThat(matching).as("10,000 matches").isLessThan(Duration.ofSeconds(2));
    System.out.printf("%s: build %d ms, %d matches %d ms%n", strategy, build.toMillis(), RULES, matching.toMillis());

    assertThat(match(index, "https://svc7.example.com/api/v3/x").rule().id()).isEqualTo("fallback");
    assertThat(match(index, "https://svc7.example.com/health").rule().id()).isEqualTo("health");
    assertThat(match(index, "POST", "https://svc7.example.com/api/v2/x").rule().id()).isEqualTo("posts");
    assertThat(match(index, "POST", "http://elsewhere.org/").rule().id()).isEqualTo("fallback");
    assertThat(match(index, "https://svc42.example.com/other").rule().id()).isEqualTo("svc42-all");
    assertThat(match(index, "https://svc42.example.com/api/v2/x").rule().id()).isEqualTo("r42");
    assertThat(match(index, "DELETE", "https://svc1.example.com/api/v1/x")).isNull();
  }
}
