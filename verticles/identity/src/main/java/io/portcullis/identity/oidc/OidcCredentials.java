package io.portcullis.identity.oidc;

import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code oidc} credential as Kratos stores it: identifiers {@code <provider>:<subject>}, config
 * {@code {"providers": [{"subject", "provider", "initial_id_token", "initial_access_token", "initial_refresh_token"}]}}
 * with the tokens encrypted ({@link TokenCipher}).
 */
public final class OidcCredentials {
  public static final String TYPE = "oidc";

  private OidcCredentials() {
  }

  /** Kratos' {@code OIDCUniqueID}. */
  public static String identifier(String provider, String subject) {
    return provider + ":" + subject;
  }

  /** One provider entry with its (encrypted) tokens; empty strings where there are none. */
  public static JsonObject entry(String provider, String subject, String idToken, String accessToken,
      String refreshToken) {
    return new JsonObject().put("subject", subject).put("provider", provider).put("initial_id_token", idToken)
        .put("initial_access_token", accessToken).put("initial_refresh_token", refreshToken);
  }

  /** An entry for {@code tokens}, encrypted with {@code cipher} (left empty when it has no secret). */
  public static JsonObject entry(String provider, String subject, Tokens tokens, TokenCipher cipher) {
    if (tokens == null || !cipher.enabled()) {
      return entry(provider, subject, "", "", "");
    }
    return entry(provider, subject, cipher.encrypt(tokens.idToken()), cipher.encrypt(tokens.accessToken()),
        cipher.encrypt(tokens.refreshToken()));
  }

  /** The provider entries of {@code c} (null: none). */
  public static List<JsonObject> providers(Credential c) {
    List<JsonObject> out = new ArrayList<>();
    if (c == null || c.config() == null || !(c.config().getValue("providers") instanceof JsonArray a)) {
      return out;
    }
    for (Object o : a) {
      if (o instanceof JsonObject p) {
        out.add(p);
      }
    }
    return out;
  }

  /** The provider ids linked to {@code i}. */
  public static List<String> linkedProviders(Identity i) {
    return providers(i.credential(TYPE)).stream().map(p -> p.getString("provider", "")).toList();
  }

  /** {@code c} (null: a new credential) with {@code entries} added, as Kratos' {@code linkCredentials}. */
  public static Credential with(Credential c, List<JsonObject> entries, Instant now) {
    List<String> identifiers = new ArrayList<>(c == null ? List.of() : c.identifiers());
    JsonArray providers = new JsonArray();
    providers(c).forEach(providers::add);
    for (JsonObject e : entries) {
      String id = identifier(e.getString("provider", ""), e.getString("subject", ""));
      if (!identifiers.contains(id)) {
        identifiers.add(id);
      }
      providers.add(e);
    }
    JsonObject config = (c == null ? new JsonObject() : c.config().copy()).put("providers", providers);
    return new Credential(c == null ? UUID.randomUUID() : c.id(), TYPE, identifiers, config,
        c == null ? 0 : c.version(), c == null ? now : c.createdAt(), now);
  }

  /** {@code c} without the entries of {@code provider}, as Kratos' {@code unlinkProvider}. */
  public static Credential without(Credential c, String provider, Instant now) {
    List<String> identifiers = new ArrayList<>();
    JsonArray providers = new JsonArray();
    for (JsonObject p : providers(c)) {
      if (!provider.equals(p.getString("provider"))) {
        providers.add(p);
        identifiers.add(identifier(p.getString("provider", ""), p.getString("subject", "")));
      }
    }
    return new Credential(c.id(), TYPE, identifiers, c.config().copy().put("providers", providers), c.version(),
        c.createdAt(), now);
  }

  /**
   * Kratos' {@code CountActiveFirstFactorCredentials} over the methods Portcullis implements: a password with a hash
   * and an identifier, and each provider entry whose {@code provider:subject} is among the identifiers.
   */
  public static int firstFactors(Identity i) {
    int n = 0;
    Credential pw = i.credential(Credential.PASSWORD);
    if (pw != null && !pw.identifiers().isEmpty() && !pw.config().getString("hashed_password", "").isEmpty()) {
      n++;
    }
    Credential oidc = i.credential(TYPE);
    for (JsonObject p : providers(oidc)) {
      String provider = p.getString("provider", "");
      String subject = p.getString("subject", "");
      if (!provider.isEmpty() && !subject.isEmpty() && p.getString("organization", "").isEmpty()
          && oidc.identifiers().contains(identifier(provider, subject))) {
        n++;
      }
    }
    return n;
  }

  /**
   * {@code credentials.oidc.config} of an admin import ({@code providers[{provider, subject, use_auto_link,
   * organization}]}): entries without tokens, as Kratos' {@code importOIDCCredentials}.
   */
  public static List<JsonObject> imported(JsonObject config) {
    Object list = config == null ? null : config.getValue("providers");
    if (!(list instanceof JsonArray a)) {
      throw KratosError.badRequest("credentials.oidc.config.providers: expected an array of {provider, subject}");
    }
    List<JsonObject> out = new ArrayList<>();
    for (int k = 0; k < a.size(); k++) {
      if (!(a.getValue(k) instanceof JsonObject p) || p.getString("provider", "").isEmpty()
          || p.getString("subject", "").isEmpty()) {
        throw KratosError.badRequest("credentials.oidc.config.providers[" + k + "]: provider and subject are "
            + "required");
      }
      JsonObject e = entry(p.getString("provider"), p.getString("subject"), "", "", "");
      if (p.getBoolean("use_auto_link", false)) {
        e.put("use_auto_link", true);
      }
      if (p.getValue("organization") instanceof String org && !org.isEmpty()) {
        e.put("organization", org);
      }
      out.add(e);
    }
    return out;
  }

  /**
   * The config an admin sees with {@code include_credential=oidc} (Kratos' {@code WithDeclassifiedCredentials}):
   * tokens decrypted (empty when they cannot be), subject, provider, organization and use_auto_link when set.
   */
  public static JsonObject declassified(Credential c, TokenCipher cipher) {
    JsonArray out = new JsonArray();
    for (JsonObject p : providers(c)) {
      JsonObject o = new JsonObject()
          .put("initial_id_token", cipher.decryptOrEmpty(p.getString("initial_id_token")))
          .put("initial_access_token", cipher.decryptOrEmpty(p.getString("initial_access_token")))
          .put("initial_refresh_token", cipher.decryptOrEmpty(p.getString("initial_refresh_token")))
          .put("subject", p.getString("subject", "")).put("provider", p.getString("provider", ""));
      if (!p.getString("organization", "").isEmpty()) {
        o.put("organization", p.getString("organization"));
      }
      if (p.getBoolean("use_auto_link", false)) {
        o.put("use_auto_link", true);
      }
      out.add(o);
    }
    return new JsonObject().put("providers", out);
  }
}
