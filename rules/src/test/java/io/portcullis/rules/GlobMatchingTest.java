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

/**
 * The glob strategy. The urn cases are Oathkeeper's engine_glob_test.go TestIsMatch, under a URL prefix because
 * requests are always URLs here (a literal '?' in a path arrives as %3F); the rest check gobwas/glob's rules with
 * '.' and '/' as separators.
 */
class GlobMatchingTest {

  private static final MatchingStrategy GLOB = MatchingStrategy.GLOB;

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      // Oathkeeper's TestIsMatch
      "http://h/urn:foo:<?>            | http://h/urn:foo:user         | false",
      "http://h/urn:foo:<?>            | http://h/urn:foo:u            | true",
      "http://h/urn:foo:<?>            | http://h/urn:foo:             | false",
      "http://h/urn:foo:<?>&&<?>       | http://h/urn:foo:w&&r         | true",
      "http://h/urn:foo:<?>?<?>        | http://h/urn:foo:w&r          | false",
      "http://h/urn:foo:<?>?<?>        | http://h/urn:foo:w%3Fr        | true",
      "http://h/urn:foo:<*>            | http://h/urn:foo:user         | true",
      "http://h/urn:foo:<*>            | http://h/urn:foo:             | true",
      "http://h/urn:foo:<*>:<*>        | http://h/urn:foo:usr:swen     | true",
      "http://h/*:foo:<*>:<*>          | http://h/urn:foo:usr:swen     | false",
      "http://h/*:foo:<*>:<*>          | http://h/*:foo:usr:swen       | true",
      "http://h/urn:foo:<*>:role:<?>   | http://h/urn:foo:usr:role:a   | true",
      "http://h/urn:foo:<*>:role:<?>   | http://h/urn:foo:usr:role:admin | false",
      "http://h/urn:foo:<m[a,o,u]n>    | http://h/urn:foo:moon         | false",
      "http://h/urn:foo:<m[a,o,u]n>    | http://h/urn:foo:man          | true",
      "http://h/urn:foo:<m[!a,o,u]n>   | http://h/urn:foo:man          | false",
      "http://h/urn:foo:<m[!a,o,u]n>   | http://h/urn:foo:min          | true",
      "http://example.com/<*>          | http://example.com/foo/bar    | false",
      // matcher_test.go
      "https://localhost:1234/<{foo*,bar*}> | https://localhost:1234/foo    | true",
      "https://localhost:1234/<{foo*,bar*}> | https://localhost:1234/barbaz | true",
      "https://localhost:1234/<{foo*,bar*}> | https://localhost:1234/baz    | false",
      // separators: * and ? stop at '.' and '/', ** does not
      "http://example.com/<*>          | http://example.com/a.b        | false",
      "http://example.com/<*>          | http://example.com/           | true",
      "http://example.com/<**>         | http://example.com/a.b/c/d    | true",
      "http://example.com/<**>         | http://example.com/           | true",
      "http://<*>.example.com/         | http://api.example.com/       | true",
      "http://<*>.example.com/         | http://a.b.example.com/       | false",
      "http://<**>.example.com/        | http://a.b.example.com/       | true",
      "http://example.com/a<?>c        | http://example.com/a/c        | false",
      "http://example.com/a<?>c        | http://example.com/abc        | true",
      // classes: ranges, negation (which may match a separator), escapes
      "http://example.com/v<[0-9]>     | http://example.com/v7         | true",
      "http://example.com/v<[0-9]>     | http://example.com/vx         | false",
      "http://example.com/v<[!0-9]>    | http://example.com/vx         | true",
      "http://example.com/a<[!x]>b     | http://example.com/a/b        | true",
      "http://example.com/a<[/]>b      | http://example.com/a/b        | true",
      "http://example.com/<\\*>        | http://example.com/*          | true",
      "http://example.com/<\\*>        | http://example.com/x          | false",
      // alternatives nest and may hold wildcards
      "<{http,https}>://<*>.example.com/<**> | https://api.example.com/x/y | true",
      "<{http,https}>://<*>.example.com/<**> | ftp://api.example.com/x/y   | false",
      "http://example.com/<{a,b{c,d}}> | http://example.com/bd          | true",
      "http://example.com/<{a,b{c,d}}> | http://example.com/b           | false",
      "http://example.com/<{a/**,b}>   | http://example.com/a/x/y       | true",
      // literal text stays literal, even glob and brace characters
      "http://example.com/{a,b}/[x]/<*> | http://example.com/{a,b}/[x]/y | true",
      "http://example.com/{a,b}/<*>    | http://example.com/a/y         | false",
      "http://example.com/<]>          | http://example.com/]           | true",
  })
  void matchesLikeGobwasGlob(String pattern, String target, boolean expected) throws Exception {
    assertThat(matches(GLOB, pattern.strip(), target.strip())).isEqualTo(expected);
  }

  @Test
  void globsCaptureNothing() throws Exception {
    RuleSetIndex<String> index = index(GLOB, rule("r", "http://vmagent.localhost<{,/**}>", 0));

    assertThat(match(index, "http://vmagent.localhost/api/v1").captureGroups()).isEmpty();
  }

  @Test
  void invalidGlobs() {
    RuleException e = catchThrowableOfType(RuleException.class, () -> index(GLOB,
        rule("brace", "http://e.com/<{a,b>", 0),
        rule("class", "http://e.com/<[abc>", 0),
        rule("empty", "http://e.com/<[]>", 0),
        rule("reversed", "http://e.com/<[z-a]>", 0),
        rule("two-ranges", "http://e.com/<[a-z0-9]>", 0),
        rule("delimiters", "http://e.com/<*", 0)));

    assertThat(e.problems()).extracting(RuleProblem::ruleId)
        .containsExactly("brace", "class", "empty", "reversed", "two-ranges", "delimiters");
    assertThat(e.problems().get(0).expected())
        .isEqualTo("a valid glob pattern (glob \"http://e.com/{a,b\" is invalid: '{' is never closed by '}')");
    assertThat(e.problems().get(3).expected()).contains("character range [z-a] is reversed");
  }
}
