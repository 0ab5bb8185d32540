package io.portcullis.identity.webauthn;

import io.portcullis.config.WebAuthnConfig;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.schema.Extracted;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code webauthn} and {@code passkey} methods as configured: which are on, their relying parties, and what both
 * login and settings need of an identity (its keys, its name for authenticators, how many ways it has to log in).
 */
final class WebAuthnMethods {
  static final String WEBAUTHN = "webauthn";
  static final String PASSKEY = "passkey";
  final Ceremony webauthn;
  final Ceremony passkey;
  final IdentityService identities;

  WebAuthnMethods(SelfService settings, IdentityService identities) {
    this.identities = identities;
    String scheme = settings.publicBaseUrl().startsWith("https://") ? "https" : "http";
    var c = settings.config().selfservice();
    WebAuthnConfig w = settings.methodEnabled(WEBAUTHN) ? WebAuthnConfig.of(WEBAUTHN, c.method(WEBAUTHN), scheme)
        : null;
    WebAuthnConfig p = settings.methodEnabled(PASSKEY) ? WebAuthnConfig.of(PASSKEY, c.method(PASSKEY), scheme)
        : null;
    // WebAuthn as a second factor (passwordless: false) is not implemented: such keys would be second factors that
    // no session could prove, so the method offers nothing rather than enrolling them.
    this.webauthn = w == null || !w.passwordless() ? null : new Ceremony(w, false);
    this.passkey = p == null ? null : new Ceremony(p, true);
  }

  Ceremony ceremony(String method) {
    return method.equals(PASSKEY) ? passkey : webauthn;
  }

  static WebAuthnKeys keys(Identity i, String method) {
    Credential c = i.credential(method);
    return WebAuthnKeys.fromConfig(c == null ? null : c.config());
  }

  /** The name authenticators show: the webauthn identifier, else a password identifier, else the id. */
  String userName(Identity i) {
    Extracted x = Extracted.extract(identities.schema(i.schemaId()), i.traits());
    return !x.webauthnIdentifiers().isEmpty() ? x.webauthnIdentifiers().get(0)
        : !x.passwordIdentifiers().isEmpty() ? x.passwordIdentifiers().get(0) : i.id().toString();
  }

  /**
   * How many first-factor credentials {@code i} has, as Kratos' {@code CountActiveFirstFactorCredentials}: a password
   * counts when set and enabled, each passwordless webauthn key and each passkey count.
   */
  int firstFactors(Identity i, SelfService settings) {
    int n = 0;
    Credential pw = i.credential(Credential.PASSWORD);
    if (pw != null && settings.methodEnabled(Credential.PASSWORD) && pw.config().getString("hashed_password") != null) {
      n++;
    }
    n += (int) keys(i, WEBAUTHN).keys().stream().filter(WebAuthnKeys.Key::passwordless).count();
    n += keys(i, PASSKEY).keys().size();
    Credential oidc = i.credential("oidc");
    if (oidc != null && !oidc.identifiers().isEmpty()) {
      n++;
    }
    return n;
  }

  static List<byte[]> ids(WebAuthnKeys keys) {
    return keys.keys().stream().map(WebAuthnKeys.Key::id).toList();
  }

  static JsonObject session(Flow f, String method) {
    return f.data().getJsonObject(method + "_session");
  }

  /** {@code f} with the ceremony session of {@code method} set, or removed when {@code session} is null. */
  static Flow withSession(Flow f, String method, JsonObject session) {
    JsonObject data = f.data().copy();
    if (session == null) {
      data.remove(method + "_session");
    } else {
      data.put(method + "_session", session);
    }
    return f.withData(data);
  }
}
