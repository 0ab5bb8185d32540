package io.portcullis.identity.oidc;

import io.portcullis.config.OidcConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Kratos' {@code gitlab} provider: OAuth 2.0 at {@code issuer_url} (gitlab.com by default), claims from
 * {@code /oauth/userinfo} (no ID token is checked, so no nonce is sent); the issuer is the answer's or
 * {@code issuer_url}.
 */
final class GitLabProvider extends GenericProvider {
  static final String DEFAULT_ENDPOINT = "https://gitlab.com";

  GitLabProvider(OidcConfig.Provider config, OAuth2Client oauth2, Discovery discovery, IdTokenVerifier verifier) {
    super(config, oauth2, discovery, verifier);
  }

  private String endpoint() {
    String e = config.issuerUrl().isEmpty() ? DEFAULT_ENDPOINT : config.issuerUrl();
    return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
  }

  @Override
  List<String> scopes() {
    return config.scope();
  }

  @Override
  public boolean sendsNonce() {
    return false;
  }

  @Override
  public Future<String> authorizationUrl(Authorization a) {
    return Future.succeededFuture(oauth2.authorizationUrl(endpoint() + "/oauth/authorize", config, scopes(), a,
        Map.of()));
  }

  @Override
  public Future<Tokens> exchange(String code, String verifier, String redirectUri) {
    return oauth2.exchange(endpoint() + "/oauth/token", config, code, verifier, redirectUri);
  }

  @Override
  public Future<Claims> claims(Tokens tokens, String nonce) {
    return oauth2.http().get(endpoint() + "/oauth/userinfo", tokens.accessToken())
        .map(info -> new Claims(info).withIssuerIfMissing(config.issuerUrl()));
  }
}
