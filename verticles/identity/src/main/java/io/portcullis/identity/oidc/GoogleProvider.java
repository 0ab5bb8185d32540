package io.portcullis.identity.oidc;

import io.portcullis.config.OidcConfig;
import java.util.List;
import java.util.Map;

/**
 * Kratos' {@code google} provider: the generic provider at {@code https://accounts.google.com}, whose ID tokens may
 * also name {@code accounts.google.com} as issuer (go-oidc allows that for Google only); {@code offline_access}
 * becomes {@code access_type=offline}. Unlike Kratos, which overwrites it, a set {@code issuer_url} is honoured: the
 * same provider against another OpenID server (a test provider, a Google-compatible gateway).
 */
final class GoogleProvider extends GenericProvider {
  static final String ISSUER = "https://accounts.google.com";

  GoogleProvider(OidcConfig.Provider config, OAuth2Client oauth2, Discovery discovery, IdTokenVerifier verifier) {
    super(config, oauth2, discovery, verifier);
  }

  @Override
  String issuer() {
    return config.issuerUrl().isEmpty() ? ISSUER : config.issuerUrl();
  }

  @Override
  List<String> acceptedIssuers(Discovery.Document d) {
    return d.issuer().equals(ISSUER) ? List.of(ISSUER, "accounts.google.com") : List.of(d.issuer());
  }

  @Override
  List<String> scopes() {
    return super.scopes().stream().filter(s -> !s.equals("offline_access")).toList();
  }

  @Override
  Map<String, String> extraParameters(Authorization a) {
    Map<String, String> extra = super.extraParameters(a);
    if (config.scope().contains("offline_access")) {
      extra.put("access_type", "offline");
    }
    return extra;
  }
}
