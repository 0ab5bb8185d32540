package io.portcullis.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.rules.template.DocumentTemplate.Escaping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentTemplateTest {
  private static final Map<String, Object> DATA = Map.of(
      "To", "ada@example.com",
      "RecoveryURL", "https://id.example.com/self-service/recovery?flow=f1&token=a b",
      "ExpiresInMinutes", 60L,
      "Identity", Map.of("traits", Map.of("email", "ada@example.com", "name", "Ada", "language", "de")),
      "Roles", List.of("admin", "dev"),
      "Empty", "");

  private static String text(String source) throws TemplateException {
    return DocumentTemplate.parse("t", source, Escaping.TEXT).render(DATA);
  }

  private static String html(String source) throws TemplateException {
    return DocumentTemplate.parse("t", source, Escaping.HTML).render(DATA);
  }

  private static String html(String source, Object data) throws TemplateException {
    return DocumentTemplate.parse("t", source, Escaping.HTML).render(data);
  }

  @Test
  void kratosBuiltInRecoveryTemplatesRenderAsGoRendersThem() throws Exception {
    assertThat(text("""
        Recover access to your account by clicking the following link:

        {{ .RecoveryURL }}

        If this was not you, do nothing. This link expires in {{ .ExpiresInMinutes }} minutes.
        """)).isEqualTo("""
        Recover access to your account by clicking the following link:

        https://id.example.com/self-service/recovery?flow=f1&token=a b

        If this was not you, do nothing. This link expires in 60 minutes.
        """);
    // html/template: the href is normalized (the space percent-encoded), both are HTML-escaped
    assertThat(html("<a href=\"{{ .RecoveryURL }}\">{{ .RecoveryURL }}</a>")).isEqualTo(
        "<a href=\"https://id.example.com/self-service/recovery?flow=f1&amp;token=a%20b\">"
            + "https://id.example.com/self-service/recovery?flow=f1&amp;token=a b</a>");
  }

  @Test
  void controlStructures() throws Exception {
    assertThat(text("{{ if .Identity.traits.name }}Hi {{ .Identity.traits.name }}{{ else }}Hi{{ end }}"))
        .isEqualTo("Hi Ada");
    assertThat(text("{{ if .Empty }}a{{ else if eq .Identity.traits.language \"de\" }}Hallo{{ else }}Hi{{ end }}"))
        .isEqualTo("Hallo");
    assertThat(text("{{ if not .Missing }}none{{ end }}")).isEqualTo("none");
    assertThat(text("{{ range .Roles }}[{{ . }}]{{ end }}")).isEqualTo("[admin][dev]");
    assertThat(text("{{ range $i, $r := .Roles }}{{ $i }}={{ $r }};{{ end }}")).isEqualTo("0=admin;1=dev;");
    assertThat(text("{{ range .Missing }}x{{ else }}nothing{{ end }}")).isEqualTo("nothing");
    assertThat(text("{{ range $k, $v := .Identity.traits }}{{ $k }}:{{ $v }} {{ end }}"))
        .isEqualTo("email:ada@example.com language:de name:Ada ");
    assertThat(text("{{ range .Roles }}{{ if eq . \"dev\" }}{{ break }}{{ end }}{{ . }}{{ end }}"))
        .isEqualTo("admin");
    assertThat(text("{{ range .Roles }}{{ if eq . \"admin\" }}{{ continue }}{{ end }}{{ . }}{{ end }}"))
        .isEqualTo("dev");
    assertThat(text("{{ with .Identity.traits }}{{ .email }} {{ $.To }}{{ end }}"))
        .isEqualTo("ada@example.com ada@example.com");
    assertThat(text("{{ with .Missing }}x{{ else }}y{{ end }}")).isEqualTo("y");
    assertThat(text("{{ $n := .Identity.traits.name }}{{ $n = printf \"%s!\" $n }}{{ $n }}")).isEqualTo("Ada!");
    assertThat(text("a {{- /* a comment */ -}} b{{/* another */}}")).isEqualTo("ab");
  }

  @Test
  void namedTemplatesAsKratosI18nExamplesUseThem() throws Exception {
    String source = """
        {{ define "en" }}Hi {{ .Identity.traits.name }},{{ end }}
        {{- define "de" }}Hallo {{ .Identity.traits.name }},{{ end }}
        {{- if eq .Identity.traits.language "de" -}}
        {{ template "de" . }}
        {{- else -}}
        {{ template "en" . }}
        {{- end }}
        {{ .RecoveryURL }}""";
    assertThat(text(source)).isEqualTo("Hallo Ada,\nhttps://id.example.com/self-service/recovery?flow=f1&token=a b");
    // files parsed together (Kratos' glob of email.body*) call each other by file name
    Map<String, String> files = new LinkedHashMap<>();
    files.put("email.body.gotmpl", "{{ template \"email.body.de.gotmpl\" . }}");
    files.put("email.body.de.gotmpl", "Hallo <b>{{ .Identity.traits.name }}</b> {{ block \"sig\" . }}-- {{ .To }}{{ end }}");
    assertThat(DocumentTemplate.parse("email.body.gotmpl", files, Escaping.HTML).render(DATA))
        .isEqualTo("Hallo <b>Ada</b> -- ada@example.com");
  }

  @Test
  void functionsOfGoAndSprig() throws Exception {
    assertThat(text("{{ len .Roles }} {{ len \"é\" }} {{ and 1 .Empty }}|{{ or .Empty \"x\" }}")).isEqualTo("2 2 |x");
    assertThat(text("{{ if and (gt .ExpiresInMinutes 59) (le .ExpiresInMinutes 60) (ne .To \"\") }}ok{{ end }}"))
        .isEqualTo("ok");
    assertThat(text("{{ eq .ExpiresInMinutes 60 }} {{ eq .To \"x\" \"ada@example.com\" }} {{ lt \"a\" \"b\" }}"))
        .isEqualTo("true true true");
    assertThat(text("{{ printf \"%s has %d roles (%q) %05.1f %v %x\" .Identity.traits.name (len .Roles) .To 3.14159 .Roles 255 }}"))
        .isEqualTo("Ada has 2 roles (\"ada@example.com\") 003.1 [admin dev] ff");
    assertThat(text("{{ printf \"%d %s\" \"x\" }}")).isEqualTo("%!d(string=x) %!s(MISSING)");
    assertThat(text("{{ .Identity.traits.name | title }} {{ \"hello world\" | title }} {{ trunc 3 .To }}"))
        .isEqualTo("Ada Hello World ada");
    assertThat(text("{{ trimPrefix \"ada@\" .To }} {{ trimSuffix \".com\" .To }} {{ ternary \"y\" \"n\" true }}"))
        .isEqualTo("example.com ada@example y");
    assertThat(text("{{ html \"<b>&'\\\"\" }} {{ hasKey .Identity \"traits\" }} {{ coalesce .Empty .To }}"))
        .isEqualTo("&lt;b&gt;&amp;&#39;&#34; true ada@example.com");
    assertThat(text("{{ range splitList \",\" \"a,b\" }}<{{ . }}>{{ end }}")).isEqualTo("<a><b>");
  }

  @Test
  void htmlEscapesEachValueForWhereItLands() throws Exception {
    Map<String, Object> evil = Map.of("X", "\"><script>alert(1)</script>", "U", "javascript:alert(1)",
        "Q", "a&b c/d", "P", "1+1", "S", "</script><b>", "C", "red;background:url(x)");
    assertThat(html("<p>{{ .X }} {{ .P }}</p>", evil))
        .isEqualTo("<p>&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; 1&#43;1</p>");
    assertThat(html("<p title=\"{{ .X }}\" data-x='{{ .P }}'>", evil))
        .isEqualTo("<p title=\"&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" data-x='1&#43;1'>");
    assertThat(html("<a href=\"{{ .U }}\">x</a><img src={{ .U }}>", evil))
        .isEqualTo("<a href=\"#ZgotmplZ\">x</a><img src=#ZgotmplZ>");
    assertThat(html("<a href=\"/search?q={{ .Q }}\">{{ .Q }}</a>", evil))
        .isEqualTo("<a href=\"/search?q=a%26b%20c%2fd\">a&amp;b c/d</a>");
    assertThat(html("<a href=\"https://example.com/{{ .Q }}\">", evil))
        .isEqualTo("<a href=\"https://example.com/a&amp;b%20c/d\">");
    assertThat(html("<script>var s = {{ .S }};</script><p>{{ .S }}</p>", evil))
        .isEqualTo("<script>var s = \"\\u003c/script\\u003e\\u003cb\\u003e\";</script><p>&lt;/script&gt;&lt;b&gt;</p>");
    assertThat(html("<button onclick=\"go({{ .S }})\">", evil))
        .isEqualTo("<button onclick=\"go(&#34;\\u003c/script\\u003e\\u003cb\\u003e&#34;)\">");
    assertThat(html("<p style=\"color: {{ .C }}\">{{ .C }}</p>", evil))
        .isEqualTo("<p style=\"color: ZgotmplZ\">red;background:url(x)</p>");
    assertThat(html("<!-- {{ .X }} --><p a={{ .P }}>", evil))
        .isEqualTo("<!-- &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; --><p a=1&#43;1>");
    assertThat(html("<p>{{ .Missing }}</p>")).isEqualTo("<p></p>");
    assertThat(DocumentTemplate.parse("t", "{{ .X }}", Escaping.TEXT).render(evil))
        .isEqualTo("\"><script>alert(1)</script>");
  }

  @Test
  void errorsNameTheSourceTheProblemAndWhere() {
    assertThatThrownBy(() -> DocumentTemplate.parse("email.subject.gotmpl", "{{ if .A }}x", Escaping.TEXT))
        .isInstanceOf(TemplateException.class)
        .hasMessage("email.subject.gotmpl: unexpected EOF: {{if}} has no {{end}} at column 1");
    assertThatThrownBy(() -> text("{{ end }}")).hasMessageContaining("unexpected {{end}} at column 1");
    assertThatThrownBy(() -> text("{{ $x }}")).hasMessageContaining("undefined variable \"$x\" at column 4");
    assertThatThrownBy(() -> text("{{ if .A }}{{ $x := 1 }}{{ end }}{{ $x }}"))
        .hasMessageContaining("undefined variable \"$x\"");
    assertThatThrownBy(() -> text("{{ template \"nope\" . }}")).hasMessageContaining("no such template \"nope\"");
    assertThatThrownBy(() -> text("{{ break }}")).hasMessageContaining("{{break}} outside {{range}}");
    assertThatThrownBy(() -> text("{{ uper .A }}")).hasMessageContaining("unknown function \"uper\"");
    assertThatThrownBy(() -> text("{{ if .A }}{{ define \"x\" }}{{ end }}{{ end }}"))
        .hasMessageContaining("define is only allowed at the top level");
    assertThatThrownBy(() -> text("{{/* open ")).hasMessageContaining("unclosed comment");
    assertThatThrownBy(() -> DocumentTemplate.parse("t", "{{ define \"a\" }}{{ template \"a\" . }}{{ end }}"
        + "{{ template \"a\" . }}", Escaping.TEXT).render(DATA)).hasMessageContaining("nests deeper than 100");
  }

  @Test
  void headerTemplatesStillRejectControlStructures() {
    assertThatThrownBy(() -> Template.compile("{{ if .A }}x{{ end }}"))
        .hasMessage("\"if\" actions are not supported at column 4");
  }
}
