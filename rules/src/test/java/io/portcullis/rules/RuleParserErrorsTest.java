package io.portcullis.rules;

import io.portcullis.rules.parse.RuleParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleParserErrorsTest {

  private static final String ALL_METHODS = "one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT";

  private static List<String> problems(String content) {
    return catchThrowableOfType(RuleException.class, () -> RuleParser.parse("rules.yaml", content))
        .problems().stream().map(RuleProblem::message).toList();
  }

  private static String rule(String id, String extra) {
    return "- id: " + id + "\n"
        + "  match: {url: 'https://e.com/<.*>', methods: [GET]}\n"
        + "  authenticators: [{handler: anonymous}]\n"
        + "  authorizer: {handler: allow}\n"
        + "  mutators: [{handler: noop}]\n"
        + extra;
  }

  @Test
  void everyProblemOfEveryRuleIsReportedWithFieldValueAndExpectation() {
    RuleException e = catchThrowableOfType(RuleException.class,
        () -> RuleParser.parseFile(Resources.path("invalid-rules.yaml")));
    String origin = Resources.path("invalid-rules.yaml").toString();

    assertThat(e.problems()).extracting(RuleProblem::message).containsExactly(
        origin + ": rule \"api-admin\": field \"match.methods[1]\" has value \"FETCH\": expected " + ALL_METHODS,
        origin + ": rule \"api-admin\": field \"match.methods[2]\" has value \"post\": expected " + ALL_METHODS,
        origin + ": rule \"api-admin\": field \"upstream.preserve_hots\" has value true: expected one of the known"
            + " fields url, preserve_host, strip_path (unknown field)",
        origin + ": rule \"api-admin\": field \"upstream.url\" has value \"ftp://files\": expected an absolute http"
            + " or https URL",
        origin + ": rule \"api-admin\": field \"authenticators\" has value []: expected a non-empty array of"
            + " handlers",
        origin + ": rule \"api-admin\": field \"authorizer.confg\" has value {}: expected one of the known fields"
            + " handler, config (unknown field)",
        origin + ": rule \"#1\": field \"id\" is missing: expected a non-blank string",
        origin + ": rule \"#1\": field \"match.url\" is missing: expected a URL pattern such as"
            + " https://example.com/<.*>",
        origin + ": rule \"#1\": field \"authenticators[0].config\" has value \"yes\": expected an object",
        origin + ": rule \"#1\": field \"authorizer.handler\" is missing: expected a handler id",
        origin + ": rule \"#1\": field \"mutators\" has value {\"handler\":\"noop\"}: expected a non-empty array of"
            + " handlers");
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems().stream().map(RuleProblem::message).toList()));
  }

  @Test
  void problemCarriesItsParts() {
    RuleProblem problem = catchThrowableOfType(RuleException.class, () -> RuleParser.parse("rules.yaml",
        rule("api-admin", "").replace("[GET]", "[GET, FETCH]"))).problems().get(0);

    assertThat(problem).isEqualTo(new RuleProblem("rules.yaml", "api-admin", "match.methods[1]", "FETCH", ALL_METHODS));
    assertThat(problem.message()).isEqualTo("rules.yaml: rule \"api-admin\": field \"match.methods[1]\" has value"
        + " \"FETCH\": expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT");
  }

  @Test
  void unknownTopLevelField() {
    assertThat(problems(rule("r", "  preserve_host: true\n"))).containsExactly(
        "rules.yaml: rule \"r\": field \"preserve_host\" has value true: expected one of the known fields id,"
            + " version, description, priority, match, upstream, authenticators, authorizer, mutators, errors, audit"
            + " (unknown field)");
  }

  @Test
  void anEmptyKeyIsNamedSoItCanBeFound() {
    // Found by RuleParserFuzzTest: a YAML "?" (an empty key) was reported with an empty field path.
    assertThat(problems(rule("r", "  ? \n"))).anyMatch(p -> p.startsWith("rules.yaml: rule \"r\": field \"[\"\"]\""));
    assertThat(problems("- id: r\n  match: {url: 'https://e.com/<.*>', methods: [GET], '': 1}\n"
        + "  authenticators: [{handler: anonymous}]\n  authorizer: {handler: allow}\n  mutators: [{handler: noop}]\n"))
        .anyMatch(p -> p.contains("field \"match[\"\"]\" has value 1"));
    // And a key of blanks (found next): JSON-quoted, so that it shows.
    assertThat(problems("{\"\\t\": 1}")).anyMatch(p -> p.contains("field \"[\"\\t\"]\" has value 1"));
  }

  @Test
  void wrongTypes() {
    assertThat(problems(rule("r", "  priority: high\n  version: 1\n  errors: {handler: json}\n"))).containsExactly(
        "rules.yaml: rule \"r\": field \"version\" has value 1: expected a string",
        "rules.yaml: rule \"r\": field \"priority\" has value \"high\": expected an integer",
        "rules.yaml: rule \"r\": field \"errors\" has value {\"handler\":\"json\"}: expected an array of handlers");
    assertThat(problems(rule("r", "  priority: 1.5\n"))).containsExactly(
        "rules.yaml: rule \"r\": field \"priority\" has value 1.5: expected an integer");
    assertThat(problems(rule("r", "  upstream: {url: 'http://u', preserve_host: 'yes'}\n"))).containsExactly(
        "rules.yaml: rule \"r\": field \"upstream.preserve_host\" has value \"yes\": expected a boolean");
    assertThat(problems(rule("r", "  upstream: [http://u]\n"))).containsExactly(
        "rules.yaml: rule \"r\": field \"upstream\" has value [\"http://u\"]: expected an object with url,"
            + " preserve_host and strip_path");
  }

  @Test
  void matchProblems() {
    assertThat(problems(rule("r", "").replace("  match: {url: 'https://e.com/<.*>', methods: [GET]}\n", "")))
        .containsExactly("rules.yaml: rule \"r\": field \"match\" is missing: expected an object with url and methods");
    assertThat(problems(rule("r", "").replace("methods: [GET]", "methods: []"))).containsExactly(
        "rules.yaml: rule \"r\": field \"match.methods\" has value []: expected a non-empty array of HTTP methods");
    assertThat(problems(rule("r", "").replace("methods: [GET]", "methods: GET"))).containsExactly(
        "rules.yaml: rule \"r\": field \"match.methods\" has value \"GET\": expected a non-empty array of HTTP"
            + " methods");
    assertThat(problems(rule("r", "").replace("'https://e.com/<.*>'", "' '"))).containsExactly(
        "rules.yaml: rule \"r\": field \"match.url\" has value \" \": expected a URL pattern such as"
            + " https://example.com/<.*>");
    assertThat(problems(rule("r", "").replace("methods: [GET]", "methods: [GET], full_method: x"))).containsExactly(
        "rules.yaml: rule \"r\": field \"match.full_method\" has value \"x\": expected one of the known fields url,"
            + " methods (unknown field)");
  }

  @Test
  void requiredHandlers() {
    String bare = "- id: r\n  match: {url: 'https://e.com/', methods: [GET]}\n";
    assertThat(problems(bare)).containsExactly(
        "rules.yaml: rule \"r\": field \"authenticators\" is missing: expected a non-empty array of handlers",
        "rules.yaml: rule \"r\": field \"authorizer\" is missing: expected a handler object with handler and"
            + " optional config",
        "rules.yaml: rule \"r\": field \"mutators\" is missing: expected a non-empty array of handlers");
    assertThat(problems(rule("r", "").replace("[{handler: noop}]", "[noop]"))).containsExactly(
        "rules.yaml: rule \"r\": field \"mutators[0]\" has value \"noop\": expected a handler object with handler and"
            + " optional config");
  }

  @Test
  void idProblems() {
    assertThat(problems(rule("'  '", "") + rule("7", ""))).containsExactly(
        "rules.yaml: rule \"#0\": field \"id\" has value \"  \": expected a non-blank string",
        "rules.yaml: rule \"#1\": field \"id\" has value 7: expected a non-blank string");
    assertThat(problems(rule("same", "") + rule("other", "") + rule("same", ""))).containsExactly(
        "rules.yaml: rule \"same\": field \"id\" has value \"same\": expected a unique id (rule #0 of this source"
            + " already has it)");
  }

  @Test
  void syntaxErrors() {
    assertThat(problems("{\"id\": \"x\" \"match\": 1}")).singleElement().asString()
        .startsWith("rules.yaml: expected valid JSON (Unexpected character ('\"'").contains("line 1, column 12");
    assertThat(problems("id: x\n  match: [")).singleElement().asString()
        .startsWith("rules.yaml: expected valid YAML (").contains("line 2");
    assertThat(problems("id: a\nid: b\n")).singleElement().asString()
        .startsWith("rules.yaml: expected valid YAML (Duplicate field 'id'");
    assertThat(problems("{\"id\": \"a\", \"id\": \"b\"}")).singleElement().asString()
        .startsWith("rules.yaml: expected valid JSON (Duplicate field 'id'");
  }

  @Test
  void nonObjectRules() {
    assertThat(problems("[\"just a string\", 3]")).containsExactly(
        "rules.yaml: rule \"#0\" has value \"just a string\": expected a rule object",
        "rules.yaml: rule \"#1\" has value 3: expected a rule object");
  }

  @Test
  void maesterProblems() {
    String content = """
        apiVersion: oathkeeper.ory.sh/v1beta1
        kind: Rule
        metadata: {namespace: prod}
        spec:
          match: {url: "http://a/", methods: [get]}
          upstream: {url: "http://a", preserveHost: true, preserve_host: false}
        ---
        apiVersion: oathkeeper.ory.sh/v1alpha1
        kind: Rule
        metadata: {name: nospec}
        """;
    assertThat(problems(content)).containsExactly(
        "rules.yaml: rule \"#0\": field \"apiVersion\" has value \"oathkeeper.ory.sh/v1beta1\": expected"
            + " oathkeeper.ory.sh/v1alpha1",
        "rules.yaml: rule \"#0\": field \"metadata.name\" is missing: expected a non-blank string",
        "rules.yaml: rule \"#0\": field \"spec.match.methods[0]\" has value \"get\": expected " + ALL_METHODS,
        "rules.yaml: rule \"#0\": field \"spec.upstream.preserveHost\" has value true: expected only one of"
            + " preserveHost and preserve_host",
        "rules.yaml: rule \"nospec.default\": field \"spec\" is missing: expected an object with the rule's fields");
  }

  @Test
  void unreadableFile() {
    Path missing = Path.of("does-not-exist.yaml");
    RuleException e = catchThrowableOfType(RuleException.class, () -> RuleParser.parseFile(missing));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.origin()).isEqualTo("does-not-exist.yaml");
      assertThat(p.message()).isEqualTo(
          "does-not-exist.yaml: expected a readable UTF-8 file (NoSuchFileException: does-not-exist.yaml)");
    });
  }
}
