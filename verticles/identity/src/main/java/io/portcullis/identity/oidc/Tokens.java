package io.portcullis.identity.oidc;

import io.vertx.core.json.JsonObject;

/**
 * What a token endpoint answered: the access token, maybe a refresh token and an ID token, and the granted scope
 * (GitHub lists it, comma-separated).
 */
public record Tokens(String accessToken, String refreshToken, String idToken, String scope) {
  public static Tokens of(JsonObject answer) {
    return new Tokens(answer.getString("access_token", ""), str(answer, "refresh_token"), str(answer, "id_token"),
        str(answer, "scope"));
  }

  private static String str(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v instanceof String s ? s : "";
  }
}
