package io.portcullis.rules.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  /** What Oathkeeper's header mutator sees: the session, with the match context as a lazily resolved object. */
  private static final Map<String, Object> SESSION = session();

  private static Map<String, Object> session() {
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("Subject", "user-1");
    session.put("Extra", Map.of(
        "identity", Map.of("traits", Map.of("email", "Ada@Example.com", "name", " Ada ")),
        "roles", List.of("admin", "dev"),
        "age", 36,
        "score", 1.5,
        "empty", ""));
    session.put("MatchContext", new MatchContext());
    session.put("Headers", Map.of("X-Request-Id", List.of("r-1", "r-2")));
    return session;
  }

  private static final class MatchContext implements TemplateObject {
    @Override
    public Object field(String name) {
      return switch (name) {
        case "RegexpCaptureGroups" -> List.of("/api/v1", "v1");
        case "Header" -> new Headers();
        case "Method" -> "GET";
        default -> null;
      };
    }
  }

  private static final class Headers implements TemplateObject {
    @Override
    public Object field(String name) {
      return null;
    }

    @Override
    public Object call(String method, List<Object> args) {
      return method.equals("Get") && "x-foo".equalsIgnoreCase((String) args.get(0)) ? "bar" : null;
    }
  }

  private static String render(String source) throws TemplateException {
    return Template.compile(source).render(SESSION);
  }

  @Test
  void oathkeeperForms() throws Exception {
    assertThat(render("{{ print .Subject }}")).isEqualTo("user-1");
    assertThat(render("{{ .Extra.identity.traits.email }}")).isEqualTo("Ada@Example.com");
    assertThat(render("{{ printIndex .MatchContext.RegexpCaptureGroups 0 }}")).isEqualTo("/api/v1");
    assertThat(render("{{ printIndex .MatchContext.RegexpCaptureGroups 1 }}")).isEqualTo("v1");
    assertThat(render("{{ printIndex .MatchContext.RegexpCaptureGroups 2 }}")).isEmpty();
    assertThat(render("{{ printIndex .Subject 0 }}")).isEmpty();
    assertThat(render("{{ .MatchContext.Header.Get \"X-Foo\" }}")).isEqualTo("bar");
    assertThat(render("Bearer {{ .Subject }}; method={{.MatchContext.Method}}")).isEqualTo("Bearer user-1; method=GET");
  }

  @Test
  void mapsOfHeadersAnswerGetCaseInsensitivelyWithTheFirstValue() throws Exception {
    assertThat(render("{{ .Headers.Get \"x-request-id\" }}")).isEqualTo("r-1");
    assertThat(render("{{ .Headers.Get \"X-Missing\" }}")).isEmpty();
    assertThat(render("{{ \"X-REQUEST-ID\" | .Headers.Get }}")).isEqualTo("r-1");
  }

  @Test
  void missingDataRendersEmpty() throws Exception {
    assertThat(render("[{{ .Nope }}]")).isEqualTo("[]");
    assertThat(render("[{{ .Extra.nope.deeper }}]")).isEqualTo("[]");
    assertThat(render("[{{ .Subject.Length }}]")).isEqualTo("[]");
    assertThat(render("[{{ print .Nope }}]")).isEqualTo("[]");
    assertThat(render("[{{ .MatchContext.Nope.Get \"x\" }}]")).isEqualTo("[]");
    assertThat(Template.compile("{{ .A.B }}").render(null)).isEmpty();
    assertThat(Template.compile("{{ upper .A }}").render("not a map")).isEmpty();
  }

  @Test
  void pipelinesPassTheValueAsLastArgument() throws Exception {
    assertThat(render("{{ .Extra.identity.traits.email | lower }}")).isEqualTo("ada@example.com");
    assertThat(render("{{ .Nope | default \"anonymous\" }}")).isEqualTo("anonymous");
    assertThat(render("{{ .Extra.empty | default \"anonymous\" }}")).isEqualTo("anonymous");
    assertThat(render("{{ .Subject | default \"anonymous\" | upper }}")).isEqualTo("USER-1");
    assertThat(render("{{ .Extra.identity.traits.name | trim | quote }}")).isEqualTo("\"Ada\"");
    assertThat(render("{{ .Extra.roles | join \",\" }}")).isEqualTo("admin,dev");
    assertThat(render("{{ upper (print .Subject \"-x\") }}")).isEqualTo("USER-1-X");
    assertThat(render("{{ (.Extra.roles) }}")).isEqualTo("[admin dev]");
  }

  @Test
  void functions() throws Exception {
    assertThat(render("{{ index .Extra.roles 1 }}")).isEqualTo("dev");
    assertThat(render("{{ index .Extra \"identity\" \"traits\" \"email\" }}")).isEqualTo("Ada@Example.com");
    assertThat(render("[{{ index .Extra.roles 5 }}]")).isEqualTo("[]");
    assertThat(render("{{ index .Headers \"X-Request-Id\" }}")).isEqualTo("[r-1 r-2]");
    assertThat(render("{{ default \"d\" .Subject }}")).isEqualTo("user-1");
    assertThat(render("{{ b64enc \"user:pass\" }}")).isEqualTo("dXNlcjpwYXNz");
    assertThat(render("{{ urlquery \"a b&c/é*~\" }}")).isEqualTo("a+b%26c%2F%C3%A9%2A~");
    assertThat(render("{{ replace \"-\" \"_\" .Subject }}")).isEqualTo("user_1");
    assertThat(render("{{ contains \"ser\" .Subject }}")).isEqualTo("true");
    assertThat(render("{{ hasPrefix \"user\" .Subject }}")).isEqualTo("true");
    assertThat(render("{{ hasSuffix \"user\" .Subject }}")).isEqualTo("false");
    assertThat(render("{{ quote \"a\\\"b\" .Nope 3 }}")).isEqualTo("\"a\\\"b\" \"3\"");
    assertThat(render("{{ print 1 2 \"x\" 3 }}")).isEqualTo("1 2x3");
    assertThat(render("{{ print true }}")).isEqualTo("true");
    assertThat(render("{{ print }}")).isEmpty();
  }

  @Test
  void valuesPrintLikeGo() throws Exception {
    assertThat(render("{{ .Extra.roles }}")).isEqualTo("[admin dev]");
    assertThat(render("{{ .Extra.identity.traits }}")).isEqualTo("map[email:Ada@Example.com name: Ada ]");
    assertThat(render("{{ .Extra.age }} {{ .Extra.score }}")).isEqualTo("36 1.5");
    assertThat(Template.compile("{{ . }}").render(Arrays.asList("a", null, 30.0, 1e6, 1234567.0, 0.00001, -2.5)))
        .isEqualTo("[a <nil> 30 1e+06 1.234567e+06 1e-05 -2.5]");
    assertThat(Template.compile("{{ . }}").render(100000.0)).isEqualTo("100000");
    assertThat(render("{{ 42 }} {{ -7 }} {{ true }} {{ `raw \\n` }} {{ \"tab\\tnew\\u00e9\" }}"))
        .isEqualTo("42 -7 true raw \\n tab\tnewé");
  }

  @Test
  void trimMarkers() throws Exception {
    assertThat(render("a  \n {{- .Subject -}} \n  b")).isEqualTo("auser-1b");
    assertThat(render("a {{- .Subject }} b")).isEqualTo("auser-1 b");
    assertThat(render("{{-3}}")).isEqualTo("-3");
  }

  @Test
  void andOrDecideOnAMissingKeyWithoutThrowing() throws Exception {
    // Found by TemplateFuzzTest: "and" or "or" whose deciding argument was nil threw a NullPointerException.
    assertThat(render("{{ and .Extra.missing \"x\" }}")).isEqualTo(render("{{ .Extra.missing }}"));
    assertThat(render("{{ or .Extra.missing .Extra.missing }}")).isEqualTo(render("{{ .Extra.missing }}"));
    assertThat(render("{{ or .Extra.missing \"x\" }}")).isEqualTo("x");
  }

  @Test
  void constantTemplatesRenderTheirText() throws Exception {
    Template constant = Template.compile("static value }} {");

    assertThat(constant.isConstant()).isTrue();
    assertThat(constant.render(null)).isEqualTo("static value }} {");
    assertThat(Template.compile("").isConstant()).isTrue();
    assertThat(Template.compile("{{ \"x\" }}").isConstant()).isFalse();
  }
}
