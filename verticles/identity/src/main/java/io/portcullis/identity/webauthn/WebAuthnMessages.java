package io.portcullis.identity.webauthn;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiText;
import java.time.Instant;

/** The Kratos v25.4.0 texts of the webauthn and passkey methods. */
final class WebAuthnMessages {
  private WebAuthnMessages() {
  }

  /** 1010008, {@code NewInfoSelfServiceLoginWebAuthn}. */
  static UiText loginWebAuthn() {
    return Messages.info(1010008, "Sign in with hardware key", null);
  }

  /** 1010012, {@code NewInfoLoginWebAuthnPasswordless}. */
  static UiText loginPasswordlessPrompt() {
    return Messages.info(1010012, "Prepare your WebAuthn device (e.g. security key, biometrics scanner, ...) and "
        + "press continue.", null);
  }

  /** 1010013, {@code NewInfoSelfServiceLoginContinue}. */
  static UiText loginContinue() {
    return Messages.info(1010013, "Continue", null);
  }

  /** 1010021, {@code NewInfoSelfServiceLoginPasskey}. */
  static UiText loginPasskey() {
    return Messages.info(1010021, "Sign in with passkey", null);
  }

  /** 1050012, {@code NewInfoSelfServiceSettingsRegisterWebAuthn}. */
  static UiText addSecurityKey() {
    return Messages.info(1050012, "Add security key", null);
  }

  /** 1050013, {@code NewInfoSelfServiceRegisterWebAuthnDisplayName}. */
  static UiText securityKeyName() {
    return Messages.info(1050013, "Name of the security key", null);
  }

  /** 1050018, {@code NewInfoSelfServiceRemoveWebAuthn}. */
  static UiText removeSecurityKey(String name, Instant addedAt) {
    return Messages.info(1050018, "Remove security key \"" + name + "\"", removal(name, addedAt));
  }

  /** 1050019, {@code NewInfoSelfServiceSettingsRegisterPasskey}. */
  static UiText addPasskey() {
    return Messages.info(1050019, "Add passkey", null);
  }

  /** 1050020, {@code NewInfoSelfServiceRemovePasskey}. */
  static UiText removePasskey(String name, Instant addedAt) {
    return Messages.info(1050020, "Remove passkey \"" + name + "\"", removal(name, addedAt));
  }

  /** 4000008, {@code NewErrorValidationTOTPVerifierWrong}: Kratos answers a failed assertion with it. */
  static UiText verifierWrong() {
    return error(4000008, "The provided authentication code is invalid, please try again.");
  }

  /** 4000013, {@code NewErrorValidationNoWebAuthnDevice}. */
  static UiText noWebAuthnDevice() {
    return error(4000013, "You have no WebAuthn device set up.");
  }

  /** 4000015, {@code NewErrorValidationSuchNoWebAuthnUser}. */
  static UiText noSuchWebAuthnUser() {
    return error(4000015, "This account does not exist or has no security key set up.");
  }

  /** 4000001 with the text of Kratos' {@code webauthnx.ErrNotEnoughCredentials}. */
  static UiText notEnoughCredentials() {
    return Messages.validationGeneric("unable to remove this security key because it would lock you out of your "
        + "account");
  }

  private static UiText error(long id, String text) {
    return new UiText(id, text, UiText.Type.ERROR, null);
  }

  private static io.vertx.core.json.JsonObject removal(String name, Instant addedAt) {
    return Messages.context("display_name", name, "added_at", Messages.goTime(addedAt), "added_at_unix",
        addedAt.getEpochSecond());
  }
}
