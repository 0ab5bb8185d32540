package io.portcullis.identity.oidc;

import io.portcullis.config.OidcConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Kratos' {@code github} provider: OAuth 2.0, not OpenID Connect. Every configured scope must have been granted; the
 * claims come from the API's {@code /user} (the subject is the numeric id) and, with {@code user:email}, the primary
 * address of {@code /user/emails} with its verification.
 */
final class GitHubProvider implements OidcProvider {
  static final String WEB = "https://github.com";
  static final String API = "https://api.github.com";
  private final OidcConfig.Provider config;
  private final OAuth2Client oauth2;
  private final String web;
  private final String api;

  GitHubProvider(OidcConfig.Provider config, OAuth2Client oauth2, String web, String api) {
    this.config = config;
    this.oauth2 = oauth2;
    this.web = web;
    this.api = api;
  }

  @Override
  public OidcConfig.Provider config() {
    return config;
  }

  @Override
  public Future<Boolean> usesPkce() {
    // auto needs issuer_url for discovery, which GitHub does not offer.
    return Future.succeededFuture(config.pkce().equals("force"));
  }

  @Override
  public boolean sendsNonce() {
    return false;
  }

  @Override
  public Future<String> authorizationUrl(Authorization a) {
    return Future.succeededFuture(oauth2.authorizationUrl(web + "/login/oauth/authorize", config, config.scope(), a,
        Map.of()));
  }

  @Override
  public Future<Tokens> exchange(String code, String verifier, String redirectUri) {
    return oauth2.exchange(web + "/login/oauth/access_token", config, code, verifier, redirectUri);
  }

  @Override
  public Future<Claims> claims(Tokens tokens, String nonce) {
    List<String> granted = Arrays.stream(tokens.scope().split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList();
    for (String wanted : config.scope()) {
      if (!granted.contains(wanted)) {
        return Future.failedFuture(KratosError.badRequest("Unable to finish because one or more permissions were not "
            + "granted. Please retry and accept all permissions."));
      }
    }
    return oauth2.http().get(api + "/user", tokens.accessToken()).compose(user -> {
      JsonObject c = new JsonObject()
          .put("sub", String.valueOf(user.getValue("id")))
          .put("iss", web + "/login/oauth/access_token");
      copy(user, "name", c, "name");
      copy(user, "login", c, "nickname");
      copy(user, "blog", c, "website");
      copy(user, "avatar_url", c, "picture");
      copy(user, "html_url", c, "profile");
      if (user.getValue("updated_at") instanceof String at && !at.isEmpty()) {
        c.put("updated_at", OffsetDateTime.parse(at).toEpochSecond());
      }
      if (!granted.contains("user:email")) {
        return Future.succeededFuture(new Claims(c, false));
      }
      return oauth2.http().getArray(api + "/user/emails", tokens.accessToken()).map(emails -> {
            for (Object o : emails) {
              if (o instanceof JsonObject e && e.getBoolean("primary", false)) {
                c.put("email", e.getString("email", ""));
                if (e.getBoolean("verified", false)) {
                  c.put("email_verified", true);
                }
                break;
              }
            }
            return new Claims(c, false);
          });
    });
  }


  private static void copy(JsonObject from, String key, JsonObject to, String as) {
    if (from.getValue(key) instanceof String s && !s.isEmpty()) {
      to.put(as, s);
    }
  }
}
