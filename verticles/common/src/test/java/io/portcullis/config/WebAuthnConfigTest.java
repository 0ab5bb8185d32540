package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webauthn and passkey relying-party keys: Kratos' defaults, and errors that name the key. */
class WebAuthnConfigTest {
  static final String P = "portcullis.identity.selfservice.methods.";

  static IdentityConfig.Method method(Map<String, Object> config) {
    return new IdentityConfig.Method(true, config);
  }

  @Test
  void theSeedsRelyingPartyIsRead() {
    WebAuthnConfig c = WebAuthnConfig.of("webauthn", method(Map.of("passwordless", true, "rp", Map.of("id",
        "localhost.com", "display_name", "Developer Friendly Blog", "origins",
        List.of("http://auth.localhost.com:8080")))), "http");
    assertThat(c).isEqualTo(new WebAuthnConfig("localhost.com", "Developer Friendly Blog",
        List.of("http://auth.localhost.com:8080"), true));
  }

  @Test
  void originsDefaultAsInKratos() {
    Map<String, Object> rp = Map.of("id", "example.com", "display_name", "Example");
    assertThat(WebAuthnConfig.of("passkey", method(Map.of("rp", rp)), "https").origins())
        .containsExactly("https://example.com");
    assertThat(WebAuthnConfig.of("webauthn", method(Map.of("rp", Map.of("id", "example.com", "display_name", "E",
        "origin", "https://login.example.com/"))), "https").origins()).containsExactly("https://login.example.com");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> WebAuthnConfig.of("webauthn", method(Map.of()), "http"))
        .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(P + "webauthn.config.rp:");
    assertThatThrownBy(() -> WebAuthnConfig.of("passkey", method(Map.of("rp", Map.of("display_name", "E"))), "http"))
        .hasMessageStartingWith(P + "passkey.config.rp.id:");
    assertThatThrownBy(() -> WebAuthnConfig.of("webauthn", method(Map.of("rp", Map.of("id", "https://example.com",
        "display_name", "E"))), "http")).hasMessageStartingWith(P + "webauthn.config.rp.id:");
    assertThatThrownBy(() -> WebAuthnConfig.of("webauthn", method(Map.of("rp", Map.of("id", "example.com",
        "display_name", "E", "origins", List.of("https://example.com/login")))), "http"))
        .hasMessageStartingWith(P + "webauthn.config.rp.origins[0]:");
    assertThatThrownBy(() -> WebAuthnConfig.of("passkey", method(Map.of("rp", Map.of("id", "example.com",
        "display_name", "E"), "passwordless", true)), "http"))
        .hasMessageStartingWith(P + "passkey.config.passwordless:");
    assertThatThrownBy(() -> WebAuthnConfig.of("webauthn", method(Map.of("rp", Map.of("id", "example.com",
        "display_name", "E"), "passwordless", "yes")), "http"))
        .hasMessageStartingWith(P + "webauthn.config.passwordless:");
  }

  @Test
  void theValidatorChecksAnEnabledMethod() {
    assertThatThrownBy(() -> ConfigValidator.validate(ConfigLoader.bind(new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree("""
            portcullis:
              identity:
                enabled: true
                dsn: postgres://u:p@127.0.0.1:5432/db
                selfservice:
                  methods:
                    passkey: {enabled: true, config: {rp: {id: example.com}}}
            """)))).hasMessageContaining(P + "passkey.config.rp.display_name");
  }
}
