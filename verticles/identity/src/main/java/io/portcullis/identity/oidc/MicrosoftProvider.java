package io.portcullis.identity.oidc;

import com.nimbusds.jwt.JWTParser;
import io.portcullis.config.OidcConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import java.util.Map;
import java.util.UUID;

/**
 * Kratos' {@code microsoft} provider: Microsoft Entra ID endpoints of {@code microsoft_tenant}; the ID token is
 * checked against the tenant it names ({@code tid}, a UUID), whose issuer is discovered; {@code subject_source} picks
 * the subject: {@code sub} (userinfo, the default), {@code oid}, or the Graph API's {@code /me} id.
 */
final class MicrosoftProvider extends GenericProvider {
  static final String LOGIN = "https://login.microsoftonline.com";
  static final String GRAPH_ME = "https://graph.microsoft.com/v1.0/me";
  private final String login;
  private final String graphMe;

  MicrosoftProvider(OidcConfig.Provider config, OAuth2Client oauth2, Discovery discovery, IdTokenVerifier verifier,
      String login, String graphMe) {
    super(config, oauth2, discovery, verifier);
    this.login = login;
    this.graphMe = graphMe;
  }

  private String prefix() {
    return login + "/" + config.microsoftTenant().trim();
  }

  @Override
  public Future<String> authorizationUrl(Authorization a) {
    return Future.succeededFuture(oauth2.authorizationUrl(prefix() + "/oauth2/v2.0/authorize", config, scopes(), a,
        Map.of()));
  }

  @Override
  public Future<Tokens> exchange(String code, String verifier, String redirectUri) {
    return oauth2.exchange(prefix() + "/oauth2/v2.0/token", config, code, verifier, redirectUri);
  }

  @Override
  public Future<Claims> claims(Tokens tokens, String nonce) {
    if (tokens.idToken().isEmpty()) {
      return Future.failedFuture(idTokenMissing());
    }
    String tid;
    try {
      Object v = JWTParser.parse(tokens.idToken()).getJWTClaimsSet().getClaim("tid");
      tid = v instanceof String s ? s : "";
    } catch (java.text.ParseException e) {
      return Future.failedFuture(KratosError.badRequest("oidc: malformed jwt: " + e.getMessage()));
    }
    try {
      UUID.fromString(tid);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(KratosError.badRequest("TenantID claim is not a valid UUID: uuid: incorrect UUID "
          + "length " + tid.length() + " in string \"" + tid + "\""));
    }
    String issuer = login + "/" + tid + "/v2.0";
    return discovery.of(issuer)
        .recover(t -> Future.failedFuture(KratosError.upstream("Unable to initialize OpenID Connect Provider: "
            + Discovery.reason(t))))
        .compose(d -> verifiedIdToken(d, tokens, nonce))
        .compose(claims -> switch (config.subjectSource()) {
          case "oid" -> Future.succeededFuture(claims.withSubject(claims.raw().getString("oid", "")));
          case "me" -> oauth2.http().get(graphMe, tokens.accessToken())
              .recover(t -> Future.failedFuture(KratosError.upstream("Unable to fetch from `" + graphMe + "`: "
                  + Discovery.reason(t))))
              .map(me -> claims.withSubject(me.getString("id", "")));
          default -> Future.succeededFuture(claims);
        });
  }
}
