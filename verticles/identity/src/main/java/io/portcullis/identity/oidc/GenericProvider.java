package io.portcullis.identity.oidc;

import io.portcullis.config.OidcConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kratos' {@code generic} provider: an OpenID Connect provider found by discovery from {@code issuer_url}, claims from
 * the verified ID token ({@code claims_source: id_token}) or from userinfo, whose {@code sub} must then be the ID
 * token's. Google, Microsoft and GitLab build on it.
 */
class GenericProvider implements OidcProvider {
  final OidcConfig.Provider config;
  final OAuth2Client oauth2;
  final Discovery discovery;
  final IdTokenVerifier verifier;

  GenericProvider(OidcConfig.Provider config, OAuth2Client oauth2, Discovery discovery, IdTokenVerifier verifier) {
    this.config = config;
    this.oauth2 = oauth2;
    this.discovery = discovery;
    this.verifier = verifier;
  }

  @Override
  public OidcConfig.Provider config() {
    return config;
  }

  /** The issuer discovery starts from. */
  String issuer() {
    return config.issuerUrl();
  }

  /** The issuers an ID token may name. */
  List<String> acceptedIssuers(Discovery.Document d) {
    return List.of(d.issuer());
  }

  Future<Discovery.Document> document() {
    if (issuer().isEmpty()) {
      return Future.failedFuture(KratosError.misconfiguration("Unable to initialize OpenID Connect Provider: "
          + "issuer_url is not set for provider " + config.id()));
    }
    return discovery.of(issuer());
  }

  /** The configured scopes with {@code openid}. */
  List<String> scopes() {
    List<String> s = new ArrayList<>(config.scope());
    if (!s.contains("openid")) {
      s.add("openid");
    }
    return s;
  }

  /** Kratos' {@code AuthCodeURLOptions}: {@code prompt=login} on refresh, {@code claims} when requested. */
  Map<String, String> extraParameters(Authorization a) {
    Map<String, String> extra = new LinkedHashMap<>();
    if (a.forceLogin()) {
      extra.put("prompt", "login");
    }
    if (config.requestedClaims() != null && config.requestedClaims().isObject()
        && !config.requestedClaims().isEmpty()) {
      extra.put("claims", config.requestedClaims().toString());
    }
    return extra;
  }

  @Override
  public Future<Boolean> usesPkce() {
    return switch (config.pkce()) {
      case "never" -> Future.succeededFuture(false);
      case "force" -> Future.succeededFuture(true);
      // As Kratos: auto asks discovery, and without it (no issuer_url, unreachable) goes on without PKCE.
      default -> issuer().isEmpty() ? Future.succeededFuture(false)
          : discovery.of(issuer()).map(Discovery.Document::supportsS256).otherwise(false);
    };
  }

  @Override
  public boolean sendsNonce() {
    return true;
  }

  @Override
  public Future<String> authorizationUrl(Authorization a) {
    return document().map(d -> oauth2.authorizationUrl(d.authorizationEndpoint(), config, scopes(), a,
        extraParameters(a)));
  }

  @Override
  public Future<Tokens> exchange(String code, String verifier, String redirectUri) {
    return document().compose(d -> oauth2.exchange(d.tokenEndpoint(), config, code, verifier, redirectUri));
  }

  @Override
  public Future<Claims> claims(Tokens tokens, String nonce) {
    return document().compose(d -> {
      Future<Claims> idToken = verifiedIdToken(d, tokens, nonce);
      if (!config.claimsSource().equals("userinfo")) {
        return idToken;
      }
      return idToken.compose(token -> oauth2.http().get(d.userinfoEndpoint(), tokens.accessToken()).map(info -> {
        Claims claims = new Claims(info);
        if (!token.subject().equals(claims.subject())) {
          throw KratosError.badRequest("sub (Subject) claim mismatch between ID token and UserInfo endpoint");
        }
        return claims.withIssuerIfMissing(token.issuer());
      }));
    });
  }

  Future<Claims> verifiedIdToken(Discovery.Document d, Tokens tokens, String nonce) {
    if (tokens.idToken().isEmpty()) {
      return Future.failedFuture(idTokenMissing());
    }
    return verifier.verify(tokens.idToken(), new IdTokenVerifier.Expected(acceptedIssuers(d), config.clientId(),
        d.jwksUri(), d.signingAlgorithms(), nonce));
  }

  /** Kratos' {@code ErrIDTokenMissing}. */
  static KratosError idTokenMissing() {
    return KratosError.badRequest("Authentication failed because no id_token was returned. Please accept the "
        + "\"openid\" permission and try again.");
  }
}
