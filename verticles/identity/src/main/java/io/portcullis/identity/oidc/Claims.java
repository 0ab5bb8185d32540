package io.portcullis.identity.oidc;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The claims about whoever signed in, as Kratos' {@code Claims} struct: the standard OpenID Connect claims it knows
 * and all of them under {@code raw_claims}. {@link #toKratosJson()} is what the Jsonnet mapper sees as
 * {@code std.extVar('claims')}.
 */
public final class Claims {
  /** Kratos' {@code Claims} fields, in its order; strings unless said otherwise. */
  private static final List<String> STRINGS = List.of("iss", "sub", "oid", "name", "given_name", "family_name",
      "last_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "email");
  private static final List<String> MORE_STRINGS = List.of("gender", "birthdate", "zoneinfo", "locale",
      "phone_number");
  private final JsonObject raw;
  private final boolean rawClaims;
  private String subject;
  private String issuer;

  /** Claims of an ID token or a userinfo answer: all of them are also {@code raw_claims}. */
  public Claims(JsonObject raw) {
    this(raw, true);
  }

  /** @param rawClaims false for claims a provider assembled from an API (GitHub): no {@code raw_claims} then */
  public Claims(JsonObject raw, boolean rawClaims) {
    this.raw = raw.copy();
    this.rawClaims = rawClaims;
    this.subject = string(raw, "sub");
    this.issuer = string(raw, "iss");
  }

  public String subject() {
    return subject;
  }

  public String issuer() {
    return issuer;
  }

  /** As Kratos' Microsoft provider with {@code subject_source: oid|me}. */
  public Claims withSubject(String s) {
    this.subject = s;
    return this;
  }

  /** Userinfo answers may lack {@code iss}; Kratos then takes the ID token's. */
  public Claims withIssuerIfMissing(String iss) {
    if (issuer.isEmpty()) {
      issuer = iss;
    }
    return this;
  }

  public JsonObject raw() {
    return raw.copy();
  }

  public String email() {
    return string(raw, "email");
  }

  /** Kratos' {@code ConvertibleBoolean}: true, or the string "true" (Apple). */
  public boolean emailVerified() {
    Object v = raw.getValue("email_verified");
    return Boolean.TRUE.equals(v) || "true".equals(v);
  }

  /** Kratos' {@code Claims.Validate}: a subject and an issuer. */
  public Claims validate() {
    if (subject.isEmpty()) {
      throw KratosError.upstream("provider did not return a subject");
    }
    if (issuer.isEmpty()) {
      throw KratosError.upstream("issuer not set in claims");
    }
    return this;
  }

  /** The claims as Kratos encodes its struct for the mapper: known fields when set, and {@code raw_claims}. */
  public JsonObject toKratosJson() {
    JsonObject o = new JsonObject();
    putString(o, "iss", issuer);
    putString(o, "sub", subject);
    for (String k : STRINGS.subList(2, STRINGS.size())) {
      putString(o, k, string(raw, k));
    }
    if (emailVerified()) {
      o.put("email_verified", true);
    }
    for (String k : MORE_STRINGS) {
      putString(o, k, string(raw, k));
    }
    if (Boolean.TRUE.equals(raw.getValue("phone_number_verified"))) {
      o.put("phone_number_verified", true);
    }
    if (raw.getValue("updated_at") instanceof Number n && n.longValue() != 0) {
      o.put("updated_at", n.longValue());
    }
    for (String k : List.of("hd", "team", "nonce")) {
      putString(o, k, string(raw, k));
    }
    if (rawClaims && !raw.isEmpty()) {
      o.put("raw_claims", raw.copy());
    }
    return o;
  }

  private static void putString(JsonObject o, String key, String v) {
    if (!v.isEmpty()) {
      o.put(key, v);
    }
  }

  private static String string(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v instanceof String s ? s : v instanceof Number n ? n.toString() : "";
  }
}
