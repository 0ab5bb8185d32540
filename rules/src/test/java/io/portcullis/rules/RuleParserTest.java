package io.portcullis.rules;

import io.portcullis.rules.parse.RuleParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleParserTest {

  private static final String MINIMAL_YAML = """
      id: r1
      match: {url: "https://example.com/<.*>", methods: [GET]}
      authenticators: [{handler: anonymous}]
      authorizer: {handler: allow}
      mutators: [{handler: noop}]
      """;

  @Test
  void auditSamplingIsOptionalAndChecked() throws Exception {
    assertThat(RuleParser.parse("t", MINIMAL_YAML).get(0).audit()).isEqualTo(RuleAudit.ALL);
    assertThat(RuleParser.parse("t", MINIMAL_YAML + "audit: false\n").get(0).audit().enabled()).isFalse();
    assertThat(RuleParser.parse("t", MINIMAL_YAML + "audit: {sample_rate: 0.25}\n").get(0).audit())
        .isEqualTo(new RuleAudit(true, 0.25));
    assertThatThrownBy(() -> RuleParser.parse("t", MINIMAL_YAML + "audit: {sample_rate: 2}\n"))
        .hasMessageContaining("audit.sample_rate").hasMessageContaining("a number from 0 to 1");
  }

  @Test
  void maesterListYieldsTheRuleAndIgnoresOtherKinds() throws Exception {
    Path file = Resources.path("maester-list.yaml");

    List<AccessRule> rules = RuleParser.parseFile(file);

    assertThat(rules).hasSize(1);
    AccessRule rule = rules.get(0);
    assertThat(rule.id()).isEqualTo("vmagent.default");
    assertThat(rule.origin()).isEqualTo(file.toString());
    assertThat(rule.match().url()).isEqualTo("http://vmagent.localhost</?.*>");
    assertThat(rule.match().methods()).containsExactly("GET", "POST", "PUT", "DELETE", "PATCH");
    assertThat(rule.upstream()).isEqualTo(new Upstream("http://vmagent-victoria-metrics-k8s-stack:8429", true, ""));
    assertThat(rule.authenticators()).containsExactly(new HandlerRef("cookie_session", Map.of()));
    assertThat(rule.authorizer().handler()).isEqualTo("allow");
    assertThat(rule.mutators()).extracting(HandlerRef::handler).containsExactly("header");
    assertThat(rule.errors()).extracting(HandlerRef::handler).containsExactly("redirect");
    assertThat(rule.priority()).isZero();
  }

  @Test
  void oathkeeperJsonArrayKeepsEveryField() throws Exception {
    List<AccessRule> rules = RuleParser.parseFile(Resources.path("oathkeeper-rules.json"));

    assertThat(rules).extracting(AccessRule::id).containsExactly("api-users", "decisions-only");
    AccessRule users = rules.get(0);
    assertThat(users.version()).isEqualTo("v0.40.0");
    assertThat(users.description()).isEqualTo("Users API");
    assertThat(users.upstream()).isEqualTo(new Upstream("http://users.svc:8080", true, "/users"));
    assertThat(users.authenticators().get(0).config()).isEqualTo(
        Map.of("required_scope", List.of("users.read"), "cache", Map.of("enabled", true, "ttl", 30)));
    assertThat(users.mutators().get(0).config())
        .isEqualTo(Map.of("headers", Map.of("X-User", "{{ print .Subject }}")));
    assertThat(users.errors().get(0).config()).isEqualTo(Map.of("verbose", true));

    AccessRule decisionsOnly = rules.get(1);
    assertThat(decisionsOnly.priority()).isEqualTo(5);
    assertThat(decisionsOnly.upstream()).isEqualTo(Upstream.NONE);
    assertThat(decisionsOnly.errors()).isEmpty();
    assertThat(decisionsOnly.version()).isEmpty();
  }

  @Test
  void configIsPlainUnmodifiableJava() throws Exception {
    AccessRule rule = RuleParser.parseFile(Resources.path("oathkeeper-rules.json")).get(0);
    Map<String, Object> config = rule.authenticators().get(0).config();

    assertThat(config.get("required_scope")).isInstanceOf(List.class);
    assertThatThrownBy(() -> config.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> cache = (Map<String, Object>) config.get("cache");
    assertThatThrownBy(() -> cache.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> rule.authenticators().add(new HandlerRef("x", null)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void yamlStreamOfDocumentsAndLists() throws Exception {
    List<AccessRule> rules = RuleParser.parseFile(Resources.path("multi-document.yaml"));

    assertThat(rules).extracting(AccessRule::id).containsExactly("first", "second");
    assertThat(rules.get(1).authorizer().handler()).isEqualTo("deny");
  }

  @Test
  void singleYamlRule() throws Exception {
    List<AccessRule> rules = RuleParser.parse("inline", MINIMAL_YAML);

    assertThat(rules).singleElement().satisfies(rule -> {
      assertThat(rule.id()).isEqualTo("r1");
      assertThat(rule.origin()).isEqualTo("inline");
      assertThat(rule.authenticators().get(0).config()).isEmpty();
    });
  }

  @Test
  void singleJsonRuleAndYamlFlowStyle() throws Exception {
    String json = """
        {"id": "j", "match": {"url": "https://e.com/", "methods": ["GET"]},
         "authenticators": [{"handler": "noop"}], "authorizer": {"handler": "allow"},
         "mutators": [{"handler": "noop", "config": null}]}
        """;
    String flow = "[{id: y, match: {url: 'https://e.com/', methods: [GET]}, authenticators: [{handler: noop}],"
        + " authorizer: {handler: allow}, mutators: [{handler: noop}]}]";

    assertThat(RuleParser.parse("a.json", json)).extracting(AccessRule::id).containsExactly("j");
    assertThat(RuleParser.parse("a.yaml", flow)).extracting(AccessRule::id).containsExactly("y");
  }

  @Test
  void emptySourcesHaveNoRules() throws Exception {
    assertThat(RuleParser.parse("empty", "")).isEmpty();
    assertThat(RuleParser.parse("blank", "  \n# only a comment\n")).isEmpty();
    assertThat(RuleParser.parse("array", "[]")).isEmpty();
  }

  @Test
  void maesterRuleDefaultsLikeMaester() throws Exception {
    String resource = """
        apiVersion: oathkeeper.ory.sh/v1alpha1
        kind: Rule
        metadata: {name: bare}
        spec:
          configMapName: oathkeeper-rules
          match: {url: "http://bare.example.com/<.*>", methods: [GET]}
          upstream: {url: "http://bare:80", preserve_host: true, stripPath: /bare}
        """;

    AccessRule rule = RuleParser.parse("cluster", resource).get(0);

    assertThat(rule.id()).isEqualTo("bare.default");
    assertThat(rule.authenticators()).extracting(HandlerRef::handler).containsExactly("unauthorized");
    assertThat(rule.authorizer().handler()).isEqualTo("deny");
    assertThat(rule.mutators()).extracting(HandlerRef::handler).containsExactly("noop");
    assertThat(rule.upstream()).isEqualTo(new Upstream("http://bare:80", true, "/bare"));
  }

  @Test
  void maesterRuleListAndMixedStream() throws Exception {
    String content = """
        apiVersion: oathkeeper.ory.sh/v1alpha1
        kind: RuleList
        items:
          - apiVersion: oathkeeper.ory.sh/v1alpha1
            kind: Rule
            metadata: {name: a, namespace: team}
            spec: {match: {url: "http://a/", methods: [GET]}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ignored}
        ---
        id: plain
        match: {url: "http://p/", methods: [GET]}
        authenticators: [{handler: noop}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        """;

    assertThat(RuleParser.parse("mixed", content)).extracting(AccessRule::id).containsExactly("a.team", "plain");
  }
}
