package io.portcullis.rules;

import io.portcullis.rules.match.RuleSetIndex;

import static io.portcullis.rules.TestRules.index;
import static io.portcullis.rules.TestRules.match;
import static io.portcullis.rules.TestRules.matches;
import static io.portcullis.rules.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The regexp strategy, mirroring Oathkeeper's engine_regexp_test.go and matcher_test.go. */
class RegexpMatchingTest {

  private static final MatchingStrategy REGEXP = MatchingStrategy.REGEXP;

  @Test
  void capturesEveryGroupAfterGroupZero() throws Exception {
    RuleSetIndex<String> index = index(REGEXP, rule("vmagent", "http://vmagent.localhost</?.*>", 0));

    assertThat(match(index, "http://vmagent.localhost/api/v1").captureGroups()).containsExactly("/api/v1");
    assertThat(match(index, "http://vmagent.localhost/").captureGroups()).containsExactly("/");
    assertThat(match(index, "http://vmagent.localhost/api/v1").payload()).isEqualTo("payload-vmagent");
  }

  @Test
  void goNamedGroupsFromOathkeeperRulesWork() throws Exception {
    RuleSetIndex<String> index = index(REGEXP, rule("r", "http://h/users/<(?P<user_id>[0-9]+)>", 0));
    assertThat(match(index, "http://h/users/42").captureGroups()).containsExactly("42", "42");
  }

  @Test
  void capturesLikeOathkeeper() throws Exception {
    assertThat(match(index(REGEXP, rule("r", "http://h/urn:foo:<.*>", 0)), "http://h/urn:foo:user").captureGroups())
        .containsExactly("user");
    assertThat(match(index(REGEXP, rule("r", "http://h/urn:foo:<.*>:<.*>", 0)), "http://h/urn:foo:user:one")
        .captureGroups()).containsExactly("user", "one");
    assertThat(match(index(REGEXP, rule("r", "http://h/urn:foo:<foo|bar>", 0)), "http://h/urn:foo:bar")
        .captureGroups()).containsExactly("bar");
    assertThat(match(index(REGEXP, rule("r", "https://<([a-z]+)>.example.com/<(a)?b>", 0)),
        "https://api.example.com/b").captureGroups()).containsExactly("api", "api", "b", "");
    assertThat(match(index(REGEXP, rule("r", "http://h/users/<(?<id>[0-9]+)>", 0)), "http://h/users/42")
        .captureGroups()).containsExactly("42", "42");
  }

  @ParameterizedTest
  @CsvSource({
      "http://h/urn:foo:<.?>, http://h/urn:foo:user, false",
      "http://h/urn:foo:<.?>, http://h/urn:foo:u, true",
      "https://localhost:1234/<foo|bar>, https://localhost:1234/foo, true",
      "https://localhost:1234/<foo|bar>, https://localhost:1234/baz, false",
      "https://localhost:1234/<foo|bar>, https://localhost:1234/foobar, false",
      "https://example.com/<.*>, https://example.com/a/b/c, true",
      "https://example.com/<.*>, https://example.org/a, false",
      "https://example.com/<.*>, http://example.com/a, false",
      "https://example.com/api, https://example.com/api/, false",
      "https://example.com/a.c, https://example.com/abc, false",
      "https://example.com/a.c, https://example.com/a.c, true",
      "https://example.com/<[0-9]+>, https://example.com/12a, false",
      "https://example.com:8443/<.*>, https://example.com:8443/x, true",
      "https://example.com/<.*>, https://example.com:443/x, true",
  })
  void matchesTheWholeUrl(String pattern, String target, boolean expected) throws Exception {
    assertThat(matches(REGEXP, pattern, target)).isEqualTo(expected);
  }

  @Test
  void literalTextIsQuoted() throws Exception {
    assertThat(matches(REGEXP, "https://example.com/a+b(c)[d]", "https://example.com/a+b(c)[d]")).isTrue();
    assertThat(matches(REGEXP, "https://example.com/a+b", "https://example.com/aab")).isFalse();
    assertThat(matches(REGEXP, "https://example.com/a\\E.*", "https://example.com/aXYZ")).isFalse();
  }

  @Test
  void theQueryTakesNoPart() throws Exception {
    RuleSetIndex<String> index = index(REGEXP, rule("r", "https://example.com/search", 0));

    assertThat(match(index, "https://example.com/search?q=1")).isNotNull();
  }

  @Test
  void methodsMustBeListedAndCompareCaseInsensitively() throws Exception {
    RuleSetIndex<String> index = index(REGEXP, rule("r", "https://e.com/<.*>", 0, "POST", "PUT"));

    assertThat(match(index, "POST", "https://e.com/x")).isNotNull();
    assertThat(match(index, "put", "https://e.com/x")).isNotNull();
    assertThat(match(index, "GET", "https://e.com/x")).isNull();
  }

  @Test
  void badPatternsAreProblemsOfMatchUrl() {
    RuleException e = catchThrowableOfType(RuleException.class, () -> index(REGEXP,
        rule("open", "https://e.com/<.*", 0),
        rule("close", "https://e.com/.*>", 0),
        rule("regex", "https://e.com/<(abc>", 0),
        rule("split", "https://e.com/<(>x<)>", 0)));

    assertThat(e.problems()).extracting(RuleProblem::ruleId).containsExactly("open", "close", "regex", "split");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.field()).isEqualTo("match.url"));
    assertThat(e.problems().get(0).message()).isEqualTo("test: rule \"open\": field \"match.url\" has value"
        + " \"https://e.com/<.*\": expected a valid regexp pattern (unbalanced pattern: '<' at column 15 is never"
        + " closed)");
    assertThat(e.problems().get(1).expected())
        .isEqualTo("a valid regexp pattern (unbalanced pattern: '>' at column 17 has no matching '<')");
    assertThat(e.problems().get(2).expected()).startsWith("a valid regexp pattern (regular expression \"(abc\" is"
        + " invalid: Unclosed group");
  }

  @Test
  void delimitersNestLikeOathkeeper() throws Exception {
    // Oathkeeper's TestDelimiters: these are unbalanced ...
    for (String pattern : new String[] {"<", ">", ">>", "><>", "foo.bar<var", "foo.bar>var", "foo.bar><var",
        "foo.bar<<>var"}) {
      assertThat(catchThrowableOfType(RuleException.class, () -> index(REGEXP, rule("r", pattern, 0))))
          .as(pattern).isNotNull();
    }
    // ... and a nested < > stays inside one expression.
    assertThat(matches(REGEXP, "http://h/<(?<name>[a-z]+)>", "http://h/abc")).isTrue();
  }
}
