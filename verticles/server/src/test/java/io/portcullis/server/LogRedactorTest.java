package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogRedactorTest {
  private final LogRedactor redactor = new LogRedactor("");

  @Test
  void hidesCredentialsTokensNamedSecretsAndUrlPasswords() {
    assertThat(redactor.redact("Authorization: Bearer abc.def-1")).isEqualTo("Authorization: [redacted]");
    assertThat(redactor.redact("sent Basic dXNlcjpwYXNz")).isEqualTo("sent Basic [redacted]");
    assertThat(redactor.redact("token ory_st_Q2x9 refused")).isEqualTo("token [redacted] refused");
    assertThat(redactor.redact("Cookie ory_kratos_session=s3cr3t; theme=dark"))
        .isEqualTo("Cookie ory_kratos_session=[redacted]; theme=dark");
    assertThat(redactor.redact("{\"password\":\"hunter2\"}")).isEqualTo("{\"password\":\"[redacted]\"}");
    assertThat(redactor.redact("hook https://bot:pa55@hooks.example.com/x failed"))
        .isEqualTo("hook https://bot:[redacted]@hooks.example.com/x failed");
  }

  @Test
  void leavesOrdinaryMessagesAlone() {
    assertThat(redactor.redact("methods.password.config.haveibeenpwned_enabled: true"))
        .isEqualTo("methods.password.config.haveibeenpwned_enabled: true");
    String message = "rule \"private\": handler \"cookie_session\" reported an error (status 502); request denied";
    assertThat(redactor.redact(message)).isEqualTo(message);
  }

  @Test
  void usesTheConfiguredRedactionText() {
    assertThat(new LogRedactor("<hidden>").redact("secret=x")).isEqualTo("secret=<hidden>");
  }
}
