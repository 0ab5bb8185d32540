package io.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.IdentityConfig;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.identity.UnimplementedKeys.Finding;
import io.portcullis.identity.UnimplementedKeys.Verdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UnimplementedKeysTest {
  static final String P = "portcullis.identity.";

  static IdentityConfig config(String yaml) throws Exception {
    String doc = "portcullis:\n  identity:\n    enabled: true\n" + yaml.indent(4);
    return ConfigLoader.bind(new ObjectMapper(new YAMLFactory()).readTree(doc)).portcullis().identity();
  }

  static Map<String, Verdict> verdicts(String yaml) throws Exception {
    return UnimplementedKeys.of(config(yaml)).stream().collect(Collectors.toMap(Finding::path, Finding::verdict));
  }

  @Test
  void theSeedsMethodsAreAllImplementedAndNothingIsRefused() throws Exception {
    String seed = new String(getClass().getResourceAsStream("/seed/kratos-server-config.yml").readAllBytes());
    List<Finding> found = UnimplementedKeys.of(config(seed));
    assertThat(found).isEmpty();
    // No exception: the seed starts.
    UnimplementedKeys.check(config(seed), LoggerFactory.getLogger(getClass()));
  }

  @Test
  void anAalKratosDoesNotKnowIsRefusedByPath() throws Exception {
    assertThat(verdicts("session: {whoami: {required_aal: aal2}}"))
        .containsEntry(P + "session.whoami.required_aal", Verdict.REFUSED);
    assertThat(verdicts("selfservice: {flows: {settings: {required_aal: aal2}}}"))
        .containsEntry(P + "selfservice.flows.settings.required_aal", Verdict.REFUSED);
    assertThat(verdicts("session: {whoami: {required_aal: aal1}}\nselfservice: {flows: {settings: "
        + "{required_aal: highest_available}}}")).doesNotContainValue(Verdict.REFUSED);
    assertThatThrownBy(() -> UnimplementedKeys.check(config("session: {whoami: {required_aal: aal2}}"),
        LoggerFactory.getLogger(getClass())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(P + "session.whoami.required_aal: \"aal2\" is not a required AAL Kratos knows");
  }

  @Test
  void securitySettingsThatWouldBeIgnoredAreRefused() throws Exception {
    // TLS on the identity listeners is served (ServerHardeningTest), so it is no longer refused.
    assertThat(verdicts("serve: {admin: {tls: {cert: {path: /c.pem}, key: {path: /k.pem}}}}"))
        .doesNotContainKey(P + "serve.admin.tls");
    assertThat(verdicts("selfservice: {methods: {password: {enabled: true, config: {haveibeenpwned_enabled: true}}}}"))
        .containsEntry(P + "selfservice.methods.password.config.haveibeenpwned_enabled", Verdict.REFUSED);
    assertThat(verdicts("selfservice: {methods: {password: {config: {haveibeenpwned_enabled: false}}}}")).isEmpty();
    // Kratos' default is on: not checking is said, not refused.
    assertThat(verdicts("")).containsExactly(
        Map.entry(P + "selfservice.methods.password.config.haveibeenpwned_enabled", Verdict.NOT_IMPLEMENTED));
  }

  @Test
  void unknownKeysInsideFreeFormGroupsAreRefused() throws Exception {
    assertThat(verdicts("selfservice: {methods: {pasword: {enabled: false}}}"))
        .containsEntry(P + "selfservice.methods.pasword", Verdict.REFUSED);
    assertThat(verdicts("selfservice: {methods: {password: {config: {min_length: 9}}}}"))
        .containsEntry(P + "selfservice.methods.password.config.min_length", Verdict.REFUSED);
    assertThat(verdicts("selfservice: {methods: {totp: {config: {isuer: x}}}}"))
        .containsEntry(P + "selfservice.methods.totp.config.isuer", Verdict.REFUSED);
    assertThat(verdicts("session: {whoami: {required: aal1}}"))
        .containsEntry(P + "session.whoami.required", Verdict.REFUSED);
    assertThat(verdicts("feature_flags: {faster_sesion_extend: true}"))
        .containsEntry(P + "feature_flags.faster_sesion_extend", Verdict.REFUSED);
  }

  @Test
  void oidcIsImplementedAndProviderTypesThatAreNotAreRefused() throws Exception {
    String provider = "{id: x, provider: %s, client_id: c, client_secret: s, mapper_url: \"base64://e30=\"%s}";
    assertThat(verdicts("selfservice: {methods: {oidc: {enabled: true, config: {providers: [" + provider.formatted(
        "google", "") + "]}}, password: {config: {haveibeenpwned_enabled: false}}}}")).isEmpty();
    assertThat(verdicts("selfservice: {methods: {oidc: {enabled: true, config: {providers: [" + provider.formatted(
        "discord", "") + "]}}}}")).containsEntry(P + "selfservice.methods.oidc.config.providers[0].provider",
        Verdict.REFUSED);
    assertThat(verdicts("selfservice: {methods: {oidc: {enabled: true, config: {providers: [" + provider.formatted(
        "github", ", organization_id: o") + "]}}}}"))
        .containsEntry(P + "selfservice.methods.oidc.config.providers[0].organization_id", Verdict.NOT_IMPLEMENTED);
  }

  @Test
  void acceptedGroupsAreNamed() throws Exception {
    Map<String, Verdict> v = verdicts("""
        selfservice: {methods: {password: {enabled: false}, lookup_secret: {enabled: true}, saml: {enabled: false},
          totp: {enabled: true, config: {issuer: Example}}}}
        session: {whoami: {tokenizer: {templates: {}}}}
        oauth2_provider: {url: "http://hydra:4445"}
        organizations: [{id: x}]
        feature_flags: {faster_session_extend: true, cacheable_sessions: true}
        secrets: {cookie: [a-secret-of-32-characters-or-more], cipher: [another-secret-of-32-characters-x]}
        serve: {public: {cors: {enabled: true, debug: true}}}
        """);
    // totp and lookup_secret are implemented: not named.
    assertThat(v).containsOnly(
        Map.entry(P + "session.whoami.tokenizer", Verdict.NOT_IMPLEMENTED),
        Map.entry(P + "oauth2_provider", Verdict.NOT_IMPLEMENTED),
        Map.entry(P + "organizations", Verdict.NOT_IMPLEMENTED),
        Map.entry(P + "feature_flags.cacheable_sessions", Verdict.NOT_IMPLEMENTED),
        Map.entry(P + "serve.public.cors.debug", Verdict.NOT_IMPLEMENTED));
    // A flag switched off is how Portcullis behaves anyway.
    assertThat(verdicts("feature_flags: {cacheable_sessions: false, use_continue_with_transitions: false}\n"
        + "selfservice: {methods: {password: {enabled: false}}}")).isEmpty();
  }
}
