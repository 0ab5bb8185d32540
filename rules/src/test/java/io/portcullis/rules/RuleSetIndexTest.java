package io.portcullis.rules;

import io.portcullis.rules.match.RuleSetIndex;

import static io.portcullis.rules.TestRules.index;
import static io.portcullis.rules.TestRules.match;
import static io.portcullis.rules.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetIndexTest {

  private static final MatchingStrategy GLOB = MatchingStrategy.GLOB;
  private static final MatchingStrategy REGEXP = MatchingStrategy.REGEXP;

  @Test
  void highestPriorityWins() throws Exception {
    RuleSetIndex<String> index = index(GLOB,
        rule("all", "http://a.com/<**>", 0),
        rule("public", "http://a.com/public/<**>", 1));

    assertThat(match(index, "http://a.com/public/x").rule().id()).isEqualTo("public");
    assertThat(match(index, "http://a.com/private/x").rule().id()).isEqualTo("all");
    assertThat(index.overlaps()).isEmpty();
  }

  @Test
  void atEqualPriorityTheRuleLoadedFirstWinsAndTheOverlapIsReported() throws Exception {
    RuleSetIndex<String> index = index(GLOB,
        rule("all", "http://a.com/<**>", 0),
        rule("public", "http://a.com/public/<**>", 0));

    assertThat(match(index, "http://a.com/public/x").rule().id()).isEqualTo("all");
    assertThat(index.overlaps()).containsExactly(
        new RuleOverlap("all", "public", 0, "both match \"http://a.com/public/\" for GET"));
  }

  @Test
  void loadOrderDecidesEvenWhenTheLaterRuleHasTheShorterPrefix() throws Exception {
    RuleSetIndex<String> index = index(REGEXP,
        rule("specific", "https://a.com/api/<.*>", 0),
        rule("catch-all", "<.*>", 0),
        rule("important", "<https>://a.com/api/admin", 10));

    assertThat(match(index, "https://a.com/api/x").rule().id()).isEqualTo("specific");
    assertThat(match(index, "https://b.com/x").rule().id()).isEqualTo("catch-all");
    assertThat(match(index, "https://a.com/api/admin").rule().id()).isEqualTo("important");
    assertThat(index.overlaps()).extracting(RuleOverlap::ruleA, RuleOverlap::ruleB)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("specific", "catch-all"));
  }

  @Test
  void noOverlapForDisjointHostsMethodsOrPaths() throws Exception {
    assertThat(index(GLOB,
        rule("a", "http://a.com/<**>", 0),
        rule("b", "http://b.com/<**>", 0)).overlaps()).isEmpty();
    assertThat(index(GLOB,
        rule("get", "http://a.com/<**>", 0, "GET", "HEAD"),
        rule("post", "http://a.com/<**>", 0, "POST")).overlaps()).isEmpty();
    assertThat(index(GLOB,
        rule("one-segment", "http://a.com/<*>", 0),
        rule("two-segments", "http://a.com/<*>/<*>", 0)).overlaps()).isEmpty();
    assertThat(index(REGEXP,
        rule("digits", "http://a.com/<[0-9]+>", 0),
        rule("letters", "http://a.com/<[a-z]+>", 0)).overlaps()).isEmpty();
  }

  @Test
  void overlapExamplesAndMethodsAreReadable() throws Exception {
    RuleSetIndex<String> index = index(REGEXP,
        rule("ids", "https://<[a-z]+>.example.com/users/<[0-9]+>", 0, "GET", "PUT", "DELETE"),
        rule("api", "https://api.example.com/<.*>", 0, "DELETE", "PUT"));

    assertThat(index.overlaps()).containsExactly(new RuleOverlap("ids", "api", 0,
        "both match \"https://api.example.com/users/0\" for PUT, DELETE"));
  }

  @Test
  void regexpsWithoutAnAutomatonAreListedAsUnverified() throws Exception {
    RuleSetIndex<String> index = index(REGEXP,
        rule("flags", "https://a.com/<(?i)public>", 0),
        rule("lookahead", "https://a.com/<(?!admin).*>", 0),
        rule("plain", "https://a.com/<.*>", 0),
        rule("alone", "https://b.com/<\\bx>", 0));

    assertThat(index.overlaps()).isEmpty();
    assertThat(index.unverifiedOverlapRules()).containsExactly("flags", "lookahead");
    assertThat(match(index, "https://a.com/PUBLIC").rule().id()).isEqualTo("flags");
    assertThat(match(index, "https://a.com/admin").rule().id()).isEqualTo("plain");
  }

  @Test
  void translatesTheRegexpSubsetForOverlaps() throws Exception {
    String[][] overlapping = {
        {"https://a.com/<v[0-9]{1,2}>/x", "https://a.com/<v1\\d?>/<x|y>"},
        {"https://a.com/<(?:ab)+>", "https://a.com/<a(b|c)a?b>"},
        {"https://a.com/<[^/]+>", "https://a.com/<\\w+?>"},
        {"https://a.com/<\\x41\\u0042>", "https://a.com/<[A-C]{2}>"},
        {"https://a.com/<\\.>", "https://a.com/<[.-/]>"},
        {"https://a.com/<café>", "https://a.com/<caf\\S>"},
        {"https://a.com/<\\p{L}>", "https://a.com/<.>"},
    };
    for (String[] pair : overlapping) {
      RuleSetIndex<String> index = index(REGEXP, rule("a", pair[0], 0), rule("b", pair[1], 0));
      boolean supported = !pair[0].contains("\\p");
      assertThat(index.overlaps()).as(pair[0] + " vs " + pair[1]).hasSize(supported ? 1 : 0);
      assertThat(index.unverifiedOverlapRules()).as(pair[0]).hasSize(supported ? 0 : 1);
    }
    assertThat(index(REGEXP, rule("a", "https://a.com/<[^a-z]>", 0), rule("b", "https://a.com/<\\w>", 0))
        .overlaps()).singleElement().extracting(RuleOverlap::reason).isEqualTo(
            "both match \"https://a.com/0\" for GET");
    assertThat(index(REGEXP, rule("a", "https://a.com/<a{3}>", 0), rule("b", "https://a.com/<a{1,2}>", 0))
        .overlaps()).isEmpty();
  }

  @Test
  void buildRejectsDuplicateIdsAcrossSources() {
    AccessRule first = rule("same", "http://a.com/", 0);
    AccessRule second = new AccessRule("same", "", "", 0, first.match(), Upstream.NONE, first.authenticators(),
        first.authorizer(), first.mutators(), List.of(), "other.yaml");

    RuleException e = catchThrowableOfType(RuleException.class, () -> RuleSetIndex.build(
        List.of(new RuleSetIndex.Entry<>(first, 1), new RuleSetIndex.Entry<>(second, 2)), GLOB));

    assertThat(e.problems()).extracting(RuleProblem::message).containsExactly(
        "other.yaml: rule \"same\": field \"id\" has value \"same\": expected a unique id (already used by a rule"
            + " from test)");
  }

  @Test
  void exposesRulesInLoadOrder() throws Exception {
    RuleSetIndex<String> index = index(GLOB,
        rule("low", "http://a.com/<**>", -1),
        rule("high", "http://b.com/<**>", 5));

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.rules()).extracting(AccessRule::id).containsExactly("low", "high");
    assertThat(index.rule("high")).map(AccessRule::priority).contains(5);
    assertThat(index.rule("missing")).isEmpty();
    assertThat(match(index, "http://c.com/")).isNull();
  }

  @Test
  void emptyIndexMatchesNothing() throws Exception {
    RuleSetIndex<String> index = index(REGEXP);

    assertThat(index.size()).isZero();
    assertThat(match(index, "http://a.com/")).isNull();
  }
}
