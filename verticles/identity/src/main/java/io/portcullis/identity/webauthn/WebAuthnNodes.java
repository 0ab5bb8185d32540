package io.portcullis.identity.webauthn;

import io.portcullis.identity.ui.InputType;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiNode;
import io.portcullis.identity.ui.UiText;

/** The webauthn and passkey input nodes as Kratos' {@code webauthnx} and passkey strategy build them. */
final class WebAuthnNodes {
  static final String WEBAUTHN_LOGIN = "webauthn_login";
  static final String WEBAUTHN_REGISTER = "webauthn_register";
  static final String WEBAUTHN_REMOVE = "webauthn_remove";
  static final String PASSKEY_LOGIN = "passkey_login";
  static final String PASSKEY_REGISTER = "passkey_settings_register";
  static final String PASSKEY_REMOVE = "passkey_remove";

  private WebAuthnNodes() {
  }

  static UiNode hidden(String name, NodeGroup group) {
    return UiNode.input(name, InputType.HIDDEN, group);
  }

  /** A button calling {@code window.<trigger>(<args>)}; {@code value} is what the script reads without arguments. */
  static UiNode trigger(String name, NodeGroup group, String trigger, String args, String value, UiText label) {
    UiNode n = UiNode.input(name, InputType.BUTTON, group);
    n.input().value(value).onclick("window." + trigger + "(" + args + ")", trigger);
    return n.label(label);
  }

  /** {@code webauthn_login_trigger}: the assertion options inline and as the value. */
  static UiNode webauthnLoginTrigger(String options, UiText label) {
    return trigger("webauthn_login_trigger", NodeGroup.WEBAUTHN, "oryWebAuthnLogin", options, options, label);
  }

  /** {@code webauthn_register_trigger}: the creation options inline and as the value. */
  static UiNode webauthnRegisterTrigger(String options) {
    return trigger("webauthn_register_trigger", NodeGroup.WEBAUTHN, "oryWebAuthnRegistration", options, options,
        WebAuthnMessages.addSecurityKey());
  }

  static UiNode webauthnDisplayName() {
    UiNode n = UiNode.input("webauthn_register_displayname", InputType.TEXT, NodeGroup.WEBAUTHN);
    n.input().value("");
    return n.label(WebAuthnMessages.securityKeyName());
  }

  /** A hidden passkey input carrying {@code value} (the options), as Kratos' passkey nodes. */
  static UiNode passkeyData(String name, String value) {
    UiNode n = hidden(name, NodeGroup.PASSKEY);
    n.input().value(value);
    return n;
  }

  static UiNode passkeyLogin() {
    UiNode n = hidden(PASSKEY_LOGIN, NodeGroup.PASSKEY);
    n.input().onload("window.oryPasskeyLoginAutocompleteInit()", "oryPasskeyLoginAutocompleteInit");
    return n;
  }

  static UiNode passkeyLoginTrigger() {
    return trigger("passkey_login_trigger", NodeGroup.PASSKEY, "oryPasskeyLogin", "", "",
        WebAuthnMessages.loginPasskey());
  }

  static UiNode passkeyRegisterTrigger() {
    UiNode n = UiNode.input("passkey_register_trigger", InputType.BUTTON, NodeGroup.PASSKEY);
    n.input().value("").onclick("window.oryPasskeySettingsRegistration()", "oryPasskeySettingsRegistration");
    return n.label(WebAuthnMessages.addPasskey());
  }

  /** A remove button; disabled when the key is the last way to log in. */
  static UiNode remove(String name, NodeGroup group, WebAuthnKeys.Key k, boolean disabled) {
    UiNode n = UiNode.input(name, InputType.SUBMIT, group);
    n.input().value(k.hexId()).disabled(disabled);
    String display = k.displayName() == null || k.displayName().isEmpty() ? "unnamed" : k.displayName();
    return n.label(group == NodeGroup.PASSKEY ? WebAuthnMessages.removePasskey(display, k.addedAt())
        : WebAuthnMessages.removeSecurityKey(display, k.addedAt()));
  }
}
