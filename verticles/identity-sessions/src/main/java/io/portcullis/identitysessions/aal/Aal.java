package io.portcullis.identitysessions.aal;

import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Authenticator assurance levels as Kratos computes them: a session is aal2 when its authentication methods hold
 * both an aal1 and an aal2 method; an identity can reach aal2 when it has an active second-factor credential (a TOTP
 * key URL, or at least one recovery code).
 */
public final class Aal {
  public static final String AAL1 = "aal1";
  public static final String AAL2 = "aal2";
  public static final String HIGHEST_AVAILABLE = "highest_available";
  public static final String TOTP = "totp";
  public static final String LOOKUP_SECRET = "lookup_secret";

  private Aal() {
  }

  /** Kratos' {@code Session.SetAuthenticatorAssuranceLevel}. */
  public static String of(JsonArray authenticationMethods) {
    boolean aal1 = false;
    boolean aal2 = false;
    for (Object o : authenticationMethods) {
      if (o instanceof JsonObject m) {
        aal1 |= AAL1.equals(m.getString("aal"));
        aal2 |= AAL2.equals(m.getString("aal"));
      }
    }
    return aal1 && aal2 ? AAL2 : AAL1;
  }

  /** True when {@code i} holds a second factor (Kratos' {@code CountActiveMultiFactorCredentials} &gt; 0). */
  public static boolean hasSecondFactor(Identity i) {
    return hasTotp(i) || hasLookup(i);
  }

  /** As Kratos' TOTP strategy counts it: a {@code totp_url} that is set and parses as a URL. */
  public static boolean hasTotp(Identity i) {
    Credential c = i.credential(TOTP);
    Object url = c == null ? null : c.config().getValue("totp_url");
    if (!(url instanceof String s) || s.isEmpty()) {
      return false;
    }
    try {
      new java.net.URI(s);
      return true;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  public static boolean hasLookup(Identity i) {
    Credential c = i.credential(LOOKUP_SECRET);
    return c != null && !c.config().getJsonArray("recovery_codes", new JsonArray()).isEmpty();
  }

  /**
   * Kratos' {@code DoesSessionSatisfy}: does a session at {@code sessionAal} of {@code identity} satisfy
   * {@code required} ({@code aal1} or {@code highest_available})?
   */
  public static boolean satisfies(String sessionAal, Identity identity, String required) {
    if (AAL2.equals(sessionAal) || required == null || AAL1.equals(required)) {
      return true;
    }
    return !hasSecondFactor(identity);
  }
}
