package io.portcullis.identity.webauthn;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.ui.Autocomplete;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.InputType;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first-factor login of the {@code webauthn} (with {@code passwordless: true}) and {@code passkey} methods, for
 * browser flows as in Kratos. WebAuthn asks for the identifier first, then offers the identity's passwordless keys;
 * passkeys offer a discoverable-credential challenge on the first form and find the identity by the user handle.
 * The login handler calls {@link #populate} when it builds a form and {@link #submit} for these methods.
 */
public final class WebAuthnLogin {
  private static final Logger LOG = LoggerFactory.getLogger(WebAuthnLogin.class);
  private final FlowKit kit;
  private final WebAuthnMethods methods;
  private final WebAuthnScript script;

  /** What a submission came to. */
  public sealed interface Outcome {
    /** The identity logged in with {@code method}; {@code flow} has the ceremony's session removed. */
    record Authenticated(Identity identity, String method, Flow flow) implements Outcome {
    }

    /** Refused: answer the form {@code ui} (its messages say why). */
    record Refused(UiContainer ui) implements Outcome {
    }

    /** Already answered (the next step of the ceremony). */
    record Answered() implements Outcome {
    }
  }

  public WebAuthnLogin(FlowKit kit, IdentityService identities, WebAuthnScript script) {
    this.kit = kit;
    this.methods = new WebAuthnMethods(kit.settings(), identities);
    this.script = script;
  }

  /** True when {@code in} is meant for one of these methods and that method is on for this (browser) flow. */
  public boolean handles(Flow f, JsonObject in) {
    return f.browser() && (webauthn(in) && methods.webauthn != null || passkey(in) && methods.passkey != null);
  }

  private static boolean refresh(Flow f) {
    return f.data().getBoolean("refresh", false);
  }

  private static boolean webauthn(JsonObject in) {
    return "webauthn".equals(in.getString("method")) || !in.getString(WebAuthnNodes.WEBAUTHN_LOGIN, "").isEmpty();
  }

  private static boolean passkey(JsonObject in) {
    return "passkey".equals(in.getString("method")) || !in.getString(WebAuthnNodes.PASSKEY_LOGIN, "").isEmpty();
  }

  /**
   * Adds the first-factor nodes of the enabled methods to a new browser flow's form {@code ui}; the flow to store,
   * with the challenges' sessions. A refresh by {@code current} (may be null) offers that identity's keys.
   */
  public Flow populate(Flow f, UiContainer ui, boolean refresh, Identity current) {
    if (!f.browser()) {
      return f;
    }
    if (refresh) {
      return current == null ? f : refreshNodes(f, ui, current);
    }
    Flow out = f;
    if (methods.webauthn != null) {
      ui.setNode(identifier(ui));
      ui.appendNode(CommonNodes.submit("webauthn", NodeGroup.WEBAUTHN, WebAuthnMessages.loginWebAuthn()));
    }
    if (methods.passkey != null) {
      out = passkeyNodes(f, ui);
    }
    return out;
  }

  /** As Kratos' refresh hydrators: the identity's own passkeys and security keys, its identifier hidden. */
  private Flow refreshNodes(Flow f, UiContainer ui, Identity identity) {
    Flow out = f;
    WebAuthnKeys passkeys = WebAuthnMethods.keys(identity, WebAuthnMethods.PASSKEY);
    if (methods.passkey != null && !passkeys.keys().isEmpty()) {
      Ceremony.Begun begun = methods.passkey.assertion(passkeys.userHandle(), WebAuthnMethods.ids(passkeys));
      ui.setNode(WebAuthnNodes.passkeyData("passkey_challenge", begun.options().encode()));
      ui.setNode(script.node());
      ui.setNode(WebAuthnNodes.hidden(WebAuthnNodes.PASSKEY_LOGIN, NodeGroup.PASSKEY));
      ui.setNode(WebAuthnNodes.passkeyLoginTrigger());
      ui.setNode(hiddenIdentifier(methods.userName(identity)));
      out = WebAuthnMethods.withSession(out, WebAuthnMethods.PASSKEY, begun.session()
          .put("identity_id", identity.id().toString()));
    }
    WebAuthnKeys keys = WebAuthnMethods.keys(identity, WebAuthnMethods.WEBAUTHN);
    Credential c = identity.credential(WebAuthnMethods.WEBAUTHN);
    if (methods.webauthn != null && !keys.keys().isEmpty() && !c.identifiers().isEmpty()) {
      Ceremony.Begun begun = methods.webauthn.assertion(keys.userHandle(), WebAuthnMethods.ids(keys));
      ui.setNode(hiddenIdentifier(c.identifiers().get(0)));
      ui.setNode(script.node());
      ui.setNode(WebAuthnNodes.webauthnLoginTrigger(begun.options().encode(), WebAuthnMessages.loginWebAuthn()));
      ui.setNode(WebAuthnNodes.hidden(WebAuthnNodes.WEBAUTHN_LOGIN, NodeGroup.WEBAUTHN));
      out = WebAuthnMethods.withSession(out, WebAuthnMethods.WEBAUTHN, begun.session()
          .put("identity_id", identity.id().toString()));
    }
    return out;
  }

  private static UiNode hiddenIdentifier(String value) {
    UiNode n = UiNode.input("identifier", InputType.HIDDEN, NodeGroup.DEFAULT);
    n.input().value(value);
    return n;
  }

  private Flow passkeyNodes(Flow f, UiContainer ui) {
    Ceremony.Begun begun = methods.passkey.assertion(new byte[0], List.of());
    ui.setNode(identifier(ui));
    ui.setNode(WebAuthnNodes.passkeyData("passkey_challenge", begun.options().encode()));
    ui.setNode(script.node());
    ui.setNode(WebAuthnNodes.passkeyLogin());
    ui.setNode(WebAuthnNodes.passkeyLoginTrigger());
    return WebAuthnMethods.withSession(f, WebAuthnMethods.PASSKEY, begun.session());
  }

  /** The identifier input with {@code autocomplete="username webauthn"}, keeping the label the form has. */
  private UiNode identifier(UiContainer ui) {
    UiText label = ui.find("identifier").map(UiNode::label)
        .orElseGet(() -> TraitNodes.identifierLabel(methods.identities.schemas().defaultSchema()));
    UiNode n = CommonNodes.identifier(label);
    n.input().autocomplete(Autocomplete.USERNAME_WEBAUTHN);
    return n;
  }

  /** Handles a submission {@link #handles} accepted; the form to answer a refusal with starts from {@code ui}. */
  public Future<Outcome> submit(RoutingContext ctx, Flow f, JsonObject in, UiContainer ui) {
    return webauthn(in) && methods.webauthn != null ? webauthnLogin(ctx, f, in, ui)
        : passkeyLogin(ctx, f, in, ui);
  }

  private Future<Outcome> webauthnLogin(RoutingContext ctx, Flow f, JsonObject in, UiContainer ui) {
    String identifier = in.getString("identifier", "").trim().toLowerCase(Locale.ROOT);
    if (identifier.isEmpty()) {
      return refuse(ui, Messages.required("identifier"));
    }
    return methods.identities.store().findByIdentifier(methods.identities.pool(), WebAuthnMethods.WEBAUTHN,
        identifier).compose(found -> {
          // A refresh may use any of the identity's keys (Kratos), a first login only passwordless ones.
          List<WebAuthnKeys.Key> keys = found.filter(Identity::active)
              .map(i -> WebAuthnMethods.keys(i, WebAuthnMethods.WEBAUTHN).keys().stream()
                  .filter(k -> k.passwordless() || refresh(f)).toList()).orElse(List.of());
          if (keys.isEmpty()) {
            return refuse(ui, WebAuthnMessages.noSuchWebAuthnUser());
          }
          Identity identity = found.get();
          String answer = in.getString(WebAuthnNodes.WEBAUTHN_LOGIN, "");
          if (answer.isEmpty()) {
            return offerKeys(ctx, f, identity, identifier, keys);
          }
          return verify(f, WebAuthnMethods.WEBAUTHN, WebAuthnMethods.WEBAUTHN, identity, keys, answer, ui);
        });
  }

  /** Kratos' second step: a form with only the identity's keys to choose from, shown at the login UI. */
  private Future<Outcome> offerKeys(RoutingContext ctx, Flow f, Identity identity, String identifier,
      List<WebAuthnKeys.Key> keys) {
    WebAuthnKeys all = WebAuthnMethods.keys(identity, WebAuthnMethods.WEBAUTHN);
    Ceremony.Begun begun = methods.webauthn.assertion(all.userHandle(), keys.stream().map(WebAuthnKeys.Key::id)
        .toList());
    UiContainer next = new UiContainer(UiContainer.fromJson(f.ui()).action(), "POST");
    next.appendNode(CommonNodes.csrf(f.csrfToken()));
    UiNode hidden = UiNode.input("identifier", InputType.HIDDEN, NodeGroup.DEFAULT);
    hidden.input().value(identifier).required(true);
    next.appendNode(hidden);
    next.appendNode(script.node());
    next.appendNode(WebAuthnNodes.webauthnLoginTrigger(begun.options().encode(), WebAuthnMessages.loginContinue()));
    next.appendNode(WebAuthnNodes.hidden(WebAuthnNodes.WEBAUTHN_LOGIN, NodeGroup.WEBAUTHN));
    next.addMessage(WebAuthnMessages.loginPasswordlessPrompt());
    Flow saved = WebAuthnMethods.withSession(f, WebAuthnMethods.WEBAUTHN, begun.session()
        .put("identity_id", identity.id().toString())).with(f.state(), next.toJson(), Flow.now());
    return kit.lifecycle().save(saved).map(x -> backToTheForm(ctx, f));
  }

  /** Sends the browser to the login UI for the ceremony's next step: 303, or Kratos' 422 for JSON clients. */
  private Outcome backToTheForm(RoutingContext ctx, Flow f) {
    String to = kit.settings().uiUrl("login") + "?flow=" + f.id();
    FlowAnswers.redirectBrowser(ctx, to);
    return new Outcome.Answered();
  }

  private Future<Outcome> passkeyLogin(RoutingContext ctx, Flow f, JsonObject in, UiContainer ui) {
    String answer = in.getString(WebAuthnNodes.PASSKEY_LOGIN, "");
    if (answer.isEmpty()) {
      UiContainer next = new UiContainer(UiContainer.fromJson(f.ui()).action(), "POST");
      next.appendNode(CommonNodes.csrf(f.csrfToken()));
      Flow saved = passkeyNodes(f, next);
      return kit.lifecycle().save(saved.with(f.state(), next.toJson(), Flow.now())).map(x -> backToTheForm(ctx, f));
    }
    Ceremony.Assertion assertion;
    try {
      assertion = Ceremony.Assertion.parse(answer);
    } catch (Ceremony.Refused e) {
      return refuse(ui, WebAuthnMessages.verifierWrong());
    }
    String handle = new String(assertion.userHandle(), StandardCharsets.UTF_8);
    var db = methods.identities.pool();
    return methods.identities.store().findByIdentifier(db, WebAuthnMethods.PASSKEY, handle).compose(found -> {
      if (found.isPresent()) {
        return verify(f, WebAuthnMethods.PASSKEY, WebAuthnMethods.PASSKEY, found.get(),
            WebAuthnMethods.keys(found.get(), WebAuthnMethods.PASSKEY).keys(), answer, ui);
      }
      // As Kratos: a passwordless security key registered with the webauthn method also signs in as a passkey,
      // its user handle being the identity id.
      Optional<UUID> id = uuid(assertion.userHandle());
      if (id.isEmpty()) {
        return refuse(ui, WebAuthnMessages.noSuchWebAuthnUser());
      }
      return methods.identities.store().get(db, id.get()).compose(i -> {
        List<WebAuthnKeys.Key> keys = i.map(x -> WebAuthnMethods.keys(x, WebAuthnMethods.WEBAUTHN))
            .filter(k -> Arrays.equals(k.userHandle(), assertion.userHandle()))
            .map(k -> k.keys().stream().filter(WebAuthnKeys.Key::passwordless).toList()).orElse(List.of());
        if (keys.isEmpty()) {
          return refuse(ui, WebAuthnMessages.noSuchWebAuthnUser());
        }
        return verify(f, WebAuthnMethods.PASSKEY, WebAuthnMethods.WEBAUTHN, i.get(), keys, answer, ui);
      });
    });
  }

  /**
   * Verifies {@code answer} against the session {@code method}'s challenge left on the flow and one of {@code keys}
   * (of credential type {@code type}), then stores the new signature counter.
   */
  private Future<Outcome> verify(Flow f, String method, String type, Identity identity, List<WebAuthnKeys.Key> keys,
      String answer, UiContainer ui) {
    JsonObject session = WebAuthnMethods.session(f, method);
    if (session == null || !identity.active()) {
      return refuse(ui, WebAuthnMessages.verifierWrong());
    }
    if (session.getString("identity_id") != null && !session.getString("identity_id").equals(identity.id()
        .toString())) {
      return refuse(ui, WebAuthnMessages.verifierWrong());
    }
    long counter;
    byte[] keyId;
    try {
      Ceremony.Assertion assertion = Ceremony.Assertion.parse(answer);
      WebAuthnKeys.Key key = keys.stream().filter(k -> Arrays.equals(k.id(), assertion.credentialId())).findFirst()
          .orElseThrow(() -> new Ceremony.Refused("no such key", null));
      counter = methods.ceremony(method).authenticate(session, assertion, key);
      keyId = key.id();
    } catch (Ceremony.Refused e) {
      LOG.info("{} login of identity {} refused: {}", method, identity.id(), e.getMessage());
      return refuse(ui, WebAuthnMessages.verifierWrong());
    }
    Credential c = identity.credential(type);
    JsonObject config = WebAuthnKeys.fromConfig(c.config()).counted(keyId, counter).toConfig();
    return methods.identities.store().updateCredentialConfig(methods.identities.pool(), c.id(), config, Flow.now())
        .map(x -> new Outcome.Authenticated(identity, method, WebAuthnMethods.withSession(f, method, null)));
  }

  private static Future<Outcome> refuse(UiContainer ui, UiText message) {
    ui.addMessage(message);
    return Future.succeededFuture(new Outcome.Refused(ui));
  }

  private static Optional<UUID> uuid(byte[] b) {
    if (b.length != 16) {
      return Optional.empty();
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    return Optional.of(new UUID(buf.getLong(), buf.getLong()));
  }
}
