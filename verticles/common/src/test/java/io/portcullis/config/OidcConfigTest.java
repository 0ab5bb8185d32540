package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

class OidcConfigTest {
  static final String P = "portcullis.identity.selfservice.methods.oidc.config.";

  static void load(String provider) throws Exception {
    String yaml = """
        portcullis:
          identity:
            enabled: true
            dsn: postgres://u:p@127.0.0.1:5432/db
            selfservice:
              methods:
                oidc:
                  enabled: true
                  config:
                    providers:
                      - %s
        """.formatted(provider);
    ConfigValidator.validate(ConfigLoader.bind(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
  }

  @Test
  void theSeedsGoogleProviderBinds() throws Exception {
    String seed = new String(getClass().getResourceAsStream("/seed/kratos.yml").readAllBytes());
    var c = ConfigLoader.bind(new ObjectMapper(new YAMLFactory()).readTree("portcullis:\n  identity:\n"
        + seed.indent(4))).portcullis().identity();
    assertThat(c.selfservice().method("oidc").enabled()).isTrue();
    OidcConfig.Provider google = OidcConfig.of(c.selfservice().method("oidc")).providers().get(0);
    assertThat(google.provider()).isEqualTo("google");
    assertThat(google.displayName()).isEqualTo("Google");
    assertThat(google.scope()).containsExactly("email", "profile");
    assertThat(google.requestedClaims().get("id_token").get("email").get("essential").asBoolean()).isTrue();
  }

  @Test
  void providerKeysAreCheckedByPath() {
    String ok = "{id: g, provider: google, client_id: c, client_secret: s, mapper_url: \"base64://e30=\"%s}";
    assertThatThrownBy(() -> load("{id: g, provider: google, client_id: c, mapper_url: \"base64://e30=\"}"))
        .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(P + "providers[0].client_secret: "
            + "is required");
    assertThatThrownBy(() -> load(ok.formatted(", clientid: x"))).hasMessageStartingWith(P
        + "providers[0].clientid: unknown key");
    assertThatThrownBy(() -> load(ok.formatted(", pkce: always"))).hasMessageStartingWith(P
        + "providers[0].pkce: \"always\" is not one of");
    assertThatThrownBy(() -> load(ok.replace("google", "generic").formatted(""))).hasMessageStartingWith(P
        + "providers[0].issuer_url: is required for the generic provider");
    assertThatThrownBy(() -> load(ok.replace("google", "microsoft").formatted(""))).hasMessageStartingWith(P
        + "providers[0].microsoft_tenant: is required");
    assertThatThrownBy(() -> load(ok.replace("base64://e30=", "/etc/m.jsonnet").formatted("")))
        .hasMessageStartingWith(P + "providers[0].mapper_url: \"/etc/m.jsonnet\" is not a file://");
  }
}
