package io.portcullis.identity.webauthn;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.schema.Extracted;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Adding and removing security keys ({@code webauthn}) and passkeys in the settings flow, as Kratos' strategies: the
 * form offers a registration challenge per method (kept with the flow) and a remove button per key; the last way to
 * log in cannot be removed. The settings handler asks {@link #handles}, then saves what {@link #submit} changed
 * through its usual path (privileged session, hooks, one transaction).
 */
public final class WebAuthnSettings {
  private static final String ALPHANUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SelfService settings;
  private final WebAuthnMethods methods;
  private final WebAuthnScript script;

  /** What a submission came to: the identity to save, or a message for the form. */
  public sealed interface Change {
    /** @param flow the flow to continue with: the used challenge replaced by a fresh one */
    record Changed(Identity identity, Flow flow) implements Change {
    }

    record Refused(UiText message, String node) implements Change {
    }
  }

  public WebAuthnSettings(SelfService settings, IdentityService identities, WebAuthnScript script) {
    this.settings = settings;
    this.methods = new WebAuthnMethods(settings, identities);
    this.script = script;
  }

  /** The method a submission is for ({@code webauthn}, {@code passkey}), or null when it is for neither. */
  public String method(JsonObject in) {
    String m = in.getString("method", "");
    if (methods.webauthn != null && (m.equals(WebAuthnMethods.WEBAUTHN) || filled(in, WebAuthnNodes.WEBAUTHN_REGISTER)
        || filled(in, WebAuthnNodes.WEBAUTHN_REMOVE))) {
      return WebAuthnMethods.WEBAUTHN;
    }
    if (methods.passkey != null && (m.equals(WebAuthnMethods.PASSKEY) || filled(in, WebAuthnNodes.PASSKEY_REGISTER)
        || filled(in, WebAuthnNodes.PASSKEY_REMOVE))) {
      return WebAuthnMethods.PASSKEY;
    }
    return null;
  }

  private static boolean filled(JsonObject in, String name) {
    return !in.getString(name, "").isEmpty();
  }

  /** {@code f} with fresh registration challenges for the enabled methods (browser flows only, as Kratos). */
  public Flow prepare(Flow f, Identity identity) {
    if (!f.browser()) {
      return f;
    }
    Flow out = f;
    String name = methods.userName(identity);
    if (methods.webauthn != null) {
      WebAuthnKeys keys = WebAuthnMethods.keys(identity, WebAuthnMethods.WEBAUTHN);
      Ceremony.Begun b = methods.webauthn.registration(bytes(identity.id()), name, WebAuthnMethods.ids(keys));
      out = WebAuthnMethods.withSession(out, WebAuthnMethods.WEBAUTHN, b.session().put("options", b.options()));
    }
    if (methods.passkey != null) {
      WebAuthnKeys keys = WebAuthnMethods.keys(identity, WebAuthnMethods.PASSKEY);
      // Kratos draws a new handle per registration; one handle per identity keeps its earlier passkeys findable.
      byte[] handle = keys.userHandle().length > 0 ? keys.userHandle() : randomHandle();
      Ceremony.Begun b = methods.passkey.registration(handle, name, WebAuthnMethods.ids(keys));
      out = WebAuthnMethods.withSession(out, WebAuthnMethods.PASSKEY, b.session().put("options", b.options()));
    }
    return out;
  }

  /** Adds the nodes of the enabled methods for {@code identity} to its settings form, from the flow's challenges. */
  public void nodes(Flow f, Identity identity, UiContainer ui) {
    JsonObject w = WebAuthnMethods.session(f, WebAuthnMethods.WEBAUTHN);
    JsonObject p = WebAuthnMethods.session(f, WebAuthnMethods.PASSKEY);
    if (!f.browser() || w == null && p == null) {
      return;
    }
    int firstFactors = methods.firstFactors(identity, settings);
    if (w != null) {
      for (WebAuthnKeys.Key k : WebAuthnMethods.keys(identity, WebAuthnMethods.WEBAUTHN).keys()) {
        ui.appendNode(WebAuthnNodes.remove(WebAuthnNodes.WEBAUTHN_REMOVE, NodeGroup.WEBAUTHN, k,
            k.passwordless() && firstFactors < 2));
      }
      ui.setNode(script.node());
      ui.setNode(WebAuthnNodes.webauthnDisplayName());
      ui.setNode(WebAuthnNodes.webauthnRegisterTrigger(w.getJsonObject("options").encode()));
      UiNode result = WebAuthnNodes.hidden(WebAuthnNodes.WEBAUTHN_REGISTER, NodeGroup.WEBAUTHN);
      result.input().value("");
      ui.setNode(result);
    }
    if (p != null) {
      ui.setNode(script.node());
      for (WebAuthnKeys.Key k : WebAuthnMethods.keys(identity, WebAuthnMethods.PASSKEY).keys()) {
        ui.appendNode(WebAuthnNodes.remove(WebAuthnNodes.PASSKEY_REMOVE, NodeGroup.PASSKEY, k, firstFactors < 2));
      }
      ui.setNode(WebAuthnNodes.passkeyRegisterTrigger());
      ui.setNode(WebAuthnNodes.hidden(WebAuthnNodes.PASSKEY_REGISTER, NodeGroup.PASSKEY));
      ui.setNode(WebAuthnNodes.passkeyData("passkey_create_data", p.getJsonObject("options").encode()));
    }
  }

  /**
   * Registers or removes a key of {@code method} for {@code identity}.
   *
   * @throws KratosError as Kratos answers a missing challenge, an attestation that does not verify or an unknown key
   */
  public Change submit(Flow f, Identity identity, String method, JsonObject in) {
    String register = in.getString(method.equals(WebAuthnMethods.PASSKEY) ? WebAuthnNodes.PASSKEY_REGISTER
        : WebAuthnNodes.WEBAUTHN_REGISTER, "");
    String remove = in.getString(method.equals(WebAuthnMethods.PASSKEY) ? WebAuthnNodes.PASSKEY_REMOVE
        : WebAuthnNodes.WEBAUTHN_REMOVE, "");
    if (!register.isEmpty()) {
      return register(f, identity, method, register, in.getString("webauthn_register_displayname", ""));
    }
    if (!remove.isEmpty()) {
      return remove(f, identity, method, remove);
    }
    throw KratosError.badRequest("Expected " + (method.equals(WebAuthnMethods.PASSKEY)
        ? "passkey_settings_register or passkey_remove" : "webauthn_register or webauthn_remove") + " to be set.");
  }

  private Change register(Flow f, Identity identity, String method, String answer, String displayName) {
    JsonObject session = WebAuthnMethods.session(f, method);
    if (session == null) {
      throw KratosError.internal("Expected WebAuthN in internal context to be an object.");
    }
    boolean passkey = method.equals(WebAuthnMethods.PASSKEY);
    WebAuthnKeys.Key key;
    try {
      // Kratos rounds added_at to the second.
      key = methods.ceremony(method).register(session, answer, displayName,
          Flow.now().truncatedTo(ChronoUnit.SECONDS));
    } catch (Ceremony.Refused e) {
      throw KratosError.internal("Unable to create WebAuthn credential: " + e.getMessage());
    }
    WebAuthnKeys keys = WebAuthnMethods.keys(identity, method);
    if (keys.keys().stream().anyMatch(k -> Arrays.equals(k.id(), key.id()))) {
      return new Change.Refused(Messages.duplicateCredentials(), null);
    }
    byte[] handle = Base64.getDecoder().decode(session.getString("user_id"));
    List<String> identifiers = passkey ? List.of(new String(handle, StandardCharsets.UTF_8))
        : Extracted.extract(methods.identities.schema(identity.schemaId()), identity.traits()).webauthnIdentifiers();
    if (identifiers.isEmpty()) {
      return new Change.Refused(Messages.identifierMissing(), null);
    }
    Identity changed = methods.identities.withCredential(identity,
        credential(identity, method, identifiers, new WebAuthnKeys(keys.with(key).keys(), handle).toConfig()));
    return new Change.Changed(changed, prepare(WebAuthnMethods.withSession(f, method, null), changed));
  }

  private Change remove(Flow f, Identity identity, String method, String hexId) {
    WebAuthnKeys keys = WebAuthnMethods.keys(identity, method);
    WebAuthnKeys.Key gone = keys.keys().stream().filter(k -> k.hexId().equals(hexId)).findFirst().orElse(null);
    if (gone == null) {
      throw KratosError.badRequest(keys.keys().isEmpty()
          ? "You tried to remove a WebAuthn but you have no WebAuthn set up."
          : "You tried to remove a WebAuthn credential which does not exist.");
    }
    boolean lastWay = methods.firstFactors(identity, settings) < 2;
    if (lastWay && (gone.passwordless() || method.equals(WebAuthnMethods.PASSKEY))) {
      return new Change.Refused(WebAuthnMessages.notEnoughCredentials(), WebAuthnNodes.WEBAUTHN_REMOVE);
    }
    WebAuthnKeys left = keys.without(hexId);
    // Without identifiers the credential goes (IdentityService.withCredential): the last key takes it along.
    Identity changed = methods.identities.withCredential(identity, credential(identity, method,
        left.keys().isEmpty() ? List.of() : identity.credential(method).identifiers(), left.toConfig()));
    return new Change.Changed(changed, prepare(f, changed));
  }

  /** The identity's credential of {@code method} with new identifiers and config (a new one if it has none). */
  private static Credential credential(Identity identity, String method, List<String> identifiers,
      JsonObject config) {
    Credential old = identity.credential(method);
    Instant now = Flow.now();
    return old == null ? new Credential(UUID.randomUUID(), method, identifiers, config, 1, now, now)
        : new Credential(old.id(), method, identifiers, config, old.version(), old.createdAt(), now);
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
        .array();
  }

  private static byte[] randomHandle() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      sb.append(ALPHANUM.charAt(RANDOM.nextInt(ALPHANUM.length())));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
