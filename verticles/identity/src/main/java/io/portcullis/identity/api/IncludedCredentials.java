package io.portcullis.identity.api;

import io.portcullis.identity.oidc.OidcCredentials;
import io.portcullis.identity.oidc.TokenCipher;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /admin/identities/{id}?include_credential=...}: Kratos' declassified credentials. The config of the
 * webauthn, passkey, totp and lookup_secret credentials is shown as stored (keys, public keys, counters, display
 * names; the TOTP key URL; the recovery codes with their use), the OpenID Connect one declassified as Kratos does
 * (provider tokens deciphered); other types keep an empty config (Portcullis shows no password hash).
 */
final class IncludedCredentials {
  private static final Set<String> KNOWN = Set.of("password", "oidc", "saml", "totp", "lookup_secret", "webauthn",
      "code", "link_recovery", "code_recovery", "passkey");
  private static final Set<String> SHOWN = Set.of("webauthn", "passkey", "totp", "lookup_secret");

  private IncludedCredentials() {
  }

  /** The types asked for by a single identity's endpoint; a 400 as Kratos answers an unknown one. */
  static List<String> ofOne(RoutingContext ctx) {
    return of(ctx, true);
  }

  /** The types asked for by the identity list; a 400 naming the unknown value, as Kratos'. */
  static List<String> ofList(RoutingContext ctx) {
    return of(ctx, false);
  }

  private static List<String> of(RoutingContext ctx, boolean one) {
    List<String> out = new ArrayList<>();
    for (String v : ctx.queryParam("include_credential")) {
      if (!KNOWN.contains(v)) {
        // Kratos' single identity endpoints print the list parsed so far, its list the bad value.
        throw KratosError.badRequest("Invalid value `" + (one ? out.toString().replace(",", "") : v)
            + "` for parameter `include_credential`.");
      }
      out.add(v);
    }
    return out;
  }

  /**
   * {@code admin} (the admin JSON of {@code i}) with the configs of {@code types} filled in; {@code cipher} deciphers
   * the OpenID Connect credential's provider tokens.
   */
  static JsonObject apply(JsonObject admin, Identity i, List<String> types, TokenCipher cipher) {
    JsonObject creds = admin.getJsonObject("credentials");
    for (String t : types) {
      Credential c = i.credential(t);
      if (c == null || creds == null || creds.getJsonObject(t) == null) {
        continue;
      }
      if (OidcCredentials.TYPE.equals(t)) {
        creds.getJsonObject(t).put("config", OidcCredentials.declassified(c, cipher));
      } else if (SHOWN.contains(t)) {
        creds.getJsonObject(t).put("config", c.config().copy());
      }
    }
    return admin;
  }
}
