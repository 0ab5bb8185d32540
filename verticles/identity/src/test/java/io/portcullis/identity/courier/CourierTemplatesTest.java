package io.portcullis.identity.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.portcullis.config.InvalidConfigException;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kratos' built-in texts for the eight template types, and the ways an operator replaces them. */
class CourierTemplatesTest {
  @TempDir
  Path dir;

  private static final JsonObject IDENTITY = new JsonObject().put("id", "i-1")
      .put("traits", new JsonObject().put("email", "ada@example.com").put("name", "Ada").put("lang", "de"));

  private static CourierTemplates.Rendered render(CourierTemplates t, TemplateType type, JsonObject data) {
    return t.render(type, TemplateModel.of(new Letter("ada@example.com", type, data)));
  }

  @Test
  void builtInTemplatesAreKratosTexts() throws Exception {
    CourierTemplates t = CourierTemplates.load(CourierHarness.config(""));
    JsonObject data = new JsonObject().put("RecoveryURL", "https://x/r?a=1&b=2").put("RecoveryCode", "123456")
        .put("VerificationURL", "https://x/v?a=1&b=2").put("VerificationCode", "654321").put("ExpiresInMinutes", 15)
        .put("Identity", IDENTITY);
    var recovery = render(t, TemplateType.RECOVERY_VALID, data);
    assertThat(recovery.subject()).isEqualTo("Recover access to your account");
    assertThat(recovery.plaintext()).isEqualTo("Recover access to your account by clicking the following link:\n\n"
        + "https://x/r?a=1&b=2\n\nIf this was not you, do nothing. This link expires in 15 minutes.\n\n");
    assertThat(recovery.html()).isEqualTo("Recover access to your account by clicking the following link:\n\n"
        + "<a href=\"https://x/r?a=1&amp;b=2\">https://x/r?a=1&amp;b=2</a>\n\nIf this was not you, do nothing. "
        + "This link expires in 15 minutes.\n");
    var recoveryCode = render(t, TemplateType.RECOVERY_CODE_VALID, data);
    assertThat(recoveryCode.subject()).isEqualTo("Use code 123456 to recover access to your account");
    assertThat(recoveryCode.plaintext()).contains("\n123456\n").contains("This code expires in 15 minutes.");
    var verification = render(t, TemplateType.VERIFICATION_VALID, data);
    assertThat(verification.subject()).isEqualTo("Please verify your email address");
    assertThat(verification.html()).contains("<a href=\"https://x/v?a=1&amp;b=2\">");
    var verificationCode = render(t, TemplateType.VERIFICATION_CODE_VALID, data);
    assertThat(verificationCode.subject()).isEqualTo("Use code 654321 to verify your account");
    assertThat(verificationCode.plaintext()).contains("654321").contains("https://x/v?a=1&b=2")
        .contains("This code / link expires in 15 minutes.");
    assertThat(render(t, TemplateType.RECOVERY_INVALID, data).subject()).isEqualTo("Account access attempted");
    assertThat(render(t, TemplateType.RECOVERY_CODE_INVALID, data).plaintext())
        .startsWith("Hi,\n\nyou (or someone else) entered this email address when trying to recover access");
    assertThat(render(t, TemplateType.VERIFICATION_INVALID, data).subject())
        .isEqualTo("Someone tried to verify this email address");
    assertThat(render(t, TemplateType.VERIFICATION_CODE_INVALID, data).plaintext())
        .startsWith("Hi,\n\nsomeone asked to verify this email address");
    // Kratos' models have zero values, never missing fields
    assertThat(render(t, TemplateType.RECOVERY_VALID, new JsonObject()).plaintext())
        .contains("This link expires in 0 minutes.");
  }

  @Test
  void theOverridePathReplacesTemplatesWithTheirSiblingsAndConfiguredLocationsComeFirst() throws Exception {
    Path valid = Files.createDirectories(dir.resolve("recovery_code/valid"));
    Files.writeString(valid.resolve("email.body.plaintext.gotmpl"), """
        {{- if eq .Identity.traits.lang "de" -}}
        {{ template "email.body.plaintext.de.gotmpl" . }}
        {{- else -}}
        Your code: {{ .RecoveryCode }}
        {{- end }}""");
    Files.writeString(valid.resolve("email.body.plaintext.de.gotmpl"), "Hallo {{ .Identity.traits.name }}, dein Code: "
        + "{{ .RecoveryCode }}");
    Files.writeString(valid.resolve("email.body.gotmpl"), "<p>{{ .RecoveryCode }} for {{ .To }}</p>");
    Path html = Files.writeString(dir.resolve("verification.html.gotmpl"), "<b>{{ .VerificationURL }}</b>");
    String subject = "base64://" + Base64.getEncoder().encodeToString("Code {{ .RecoveryCode }} <{{ .To }}>"
        .getBytes(StandardCharsets.UTF_8));
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/subject.gotmpl", x -> {
      byte[] body = "Verify {{ .To }}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    http.start();
    try {
      CourierTemplates t = CourierTemplates.load(CourierHarness.config("""
          template_override_path: %s
          templates:
            recovery_code:
              valid: {email: {subject: "%s"}}
            verification:
              valid: {email: {subject: "http://127.0.0.1:%d/subject.gotmpl", body: {html: "file://%s"}}}
          """.formatted(dir, subject, http.getAddress().getPort(), html)));
      JsonObject data = new JsonObject().put("RecoveryCode", "123456").put("Identity", IDENTITY)
          .put("VerificationURL", "https://x/v?a=1&b=2");
      var code = render(t, TemplateType.RECOVERY_CODE_VALID, data);
      assertThat(code.subject()).isEqualTo("Code 123456 <ada@example.com>");
      assertThat(code.plaintext()).isEqualTo("Hallo Ada, dein Code: 123456");
      assertThat(code.html()).isEqualTo("<p>123456 for ada@example.com</p>");
      assertThat(render(t, TemplateType.RECOVERY_CODE_VALID, data.copy().put("Identity", new JsonObject()))
          .plaintext()).isEqualTo("Your code: 123456");
      var verification = render(t, TemplateType.VERIFICATION_VALID, data);
      assertThat(verification.subject()).isEqualTo("Verify ada@example.com");
      assertThat(verification.html()).isEqualTo("<b>https://x/v?a=1&amp;b=2</b>");
      assertThat(verification.plaintext()).startsWith("Verify your account by opening the following link:");
      // not overridden: built-in
      assertThat(render(t, TemplateType.RECOVERY_CODE_INVALID, data).subject()).isEqualTo("Account access attempted");
    } finally {
      http.stop(0);
    }
  }

  @Test
  void aBrokenTemplateStopsTheStartNamingItsKey() throws Exception {
    String broken = "base64://" + Base64.getEncoder().encodeToString("{{ if .To }}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> CourierTemplates.load(CourierHarness.config(
        "templates: {verification_code: {invalid: {email: {body: {html: \"" + broken + "\"}}}}}")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("portcullis.identity.courier.templates.verification_code.invalid.email.body.html: "
            + "is not a valid Go template: ")
        .hasMessageContaining("{{if}} has no {{end}}");
    Path bad = Files.createDirectories(dir.resolve("recovery/invalid"));
    Files.writeString(bad.resolve("email.subject.gotmpl"), "{{ nope .To }}");
    assertThatThrownBy(() -> CourierTemplates.load(CourierHarness.config("template_override_path: " + dir)))
        .hasMessageContaining("template_override_path").hasMessageContaining("recovery/invalid/email.subject.gotmpl")
        .hasMessageContaining("unknown function \"nope\"");
  }
}
