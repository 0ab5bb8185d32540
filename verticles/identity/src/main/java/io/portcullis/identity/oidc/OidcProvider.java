package io.portcullis.identity.oidc;

import io.portcullis.config.OidcConfig;
import io.vertx.core.Future;
import java.util.Map;

/**
 * One configured sign-in provider (Kratos' {@code OAuth2Provider}): where the browser is sent, how a code becomes
 * tokens, and whose claims they carry.
 */
public interface OidcProvider {
  OidcConfig.Provider config();

  /**
   * What one authorization request carries.
   *
   * @param codeChallenge the PKCE S256 challenge, or null without PKCE
   * @param nonce the nonce the ID token must carry, or null (providers that issue no ID token)
   * @param forceLogin a refresh: the provider is asked to authenticate again ({@code prompt=login})
   * @param upstream Kratos' {@code upstream_parameters} (login_hint, hd, prompt, auth_type)
   */
  record Authorization(String state, String redirectUri, String codeChallenge, String nonce, boolean forceLogin,
      Map<String, String> upstream) {
  }

  /** Whether this provider's requests use PKCE (its {@code pkce} key; {@code auto} asks discovery). */
  Future<Boolean> usesPkce();

  /** Whether its ID tokens are checked for the nonce sent (OpenID Connect providers). */
  boolean sendsNonce();

  Future<String> authorizationUrl(Authorization a);

  /** The code exchanged at the token endpoint; {@code verifier} is null without PKCE. */
  Future<Tokens> exchange(String code, String verifier, String redirectUri);

  /** The claims of whoever signed in; {@code nonce} as sent (null when none). */
  Future<Claims> claims(Tokens tokens, String nonce);
}
