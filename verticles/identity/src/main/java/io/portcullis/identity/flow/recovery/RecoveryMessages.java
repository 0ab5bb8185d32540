package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiText;
import java.time.Duration;
import java.time.Instant;

/**
 * The Kratos v25.4.0 texts of the recovery flow (ids 106xxxx, 406xxxx, 4010005), as {@link Messages} writes them.
 * The flow itself is not implemented yet; it goes in this package (see docs/identity.md, "Adding a flow").
 */
public final class RecoveryMessages {

  private RecoveryMessages() {
  }

  /** 4010005, Kratos {@code text.NewErrorValidationRecoveryNoStrategyFound}. */
  public static UiText recoveryNoStrategyFound() {
    return new UiText(4010005, "Could not find a strategy to recover your account with. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 1060002, Kratos {@code text.NewRecoveryEmailSent}. */
  public static UiText recoveryEmailSent() {
    return new UiText(1060002, "An email containing a recovery link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Type.INFO, null);
  }

  /** 1060003, Kratos {@code text.NewRecoveryEmailWithCodeSent}. */
  public static UiText recoveryEmailWithCodeSent() {
    return new UiText(1060003, "An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Type.INFO, null);
  }

  /** 1060005, Kratos {@code text.NewRecoveryAskForFullAddress}. */
  public static UiText recoveryAskForFullAddress() {
    return new UiText(1060005, "Recover access to your account by providing your recovery address in full.", UiText.Type.INFO, null);
  }

  /** 1060006, Kratos {@code text.NewRecoveryAskToChooseAddress}. */
  public static UiText recoveryAskToChooseAddress() {
    return new UiText(1060006, "How do you want to recover your account?", UiText.Type.INFO, null);
  }

  /** 1060007, Kratos {@code text.NewRecoveryBack}. */
  public static UiText recoveryBack() {
    return new UiText(1060007, "Back", UiText.Type.INFO, null);
  }

  /** 1070016, Kratos {@code text.NewRecoveryAskAnyRecoveryAddress}. */
  public static UiText recoveryAddressLabel() {
    return new UiText(1070016, "Recovery address", UiText.Type.INFO, null);
  }

  /** 4060004, Kratos {@code text.NewErrorValidationRecoveryTokenInvalidOrAlreadyUsed}. */
  public static UiText recoveryTokenInvalidOrAlreadyUsed() {
    return new UiText(4060004, "The recovery token is invalid or has already been used. Please retry the flow.", UiText.Type.ERROR, null);
  }

  /** 4060006, Kratos {@code text.NewErrorValidationRecoveryCodeInvalidOrAlreadyUsed}. */
  public static UiText recoveryCodeInvalidOrAlreadyUsed() {
    return new UiText(4060006, "The recovery code is invalid or has already been used. Please try again.", UiText.Type.ERROR, null);
  }

  /** 4060001, Kratos {@code text.NewErrorValidationRecoveryRetrySuccess}. */
  public static UiText recoveryRetrySuccess() {
    return new UiText(4060001, "The request was already completed successfully and can not be retried.", UiText.Type.ERROR, null);
  }

  /** 4060002, Kratos {@code text.NewErrorValidationRecoveryStateFailure}. */
  public static UiText recoveryStateFailure() {
    return new UiText(4060002, "The recovery flow reached a failure state and must be retried.", UiText.Type.ERROR, null);
  }

  /** 4060005: the recovery flow expired. */
  public static UiText recoveryFlowExpired(Instant expiredAt, Instant now) {
    return Messages.flowExpired(4060005, "recovery", expiredAt, now);
  }

  /** 1060001: recovery succeeded; the text counts the minutes left of the privileged session. */
  public static UiText recoverySuccessful(Instant privilegedSessionExpiresAt, Instant now) {
    String left = Messages.minutes(Duration.between(now, privilegedSessionExpiresAt));
    String time = Messages.goTime(privilegedSessionExpiresAt);
    return new UiText(1060001, "You successfully recovered your account. Please change your password or set up an "
        + "alternative login method (e.g. social sign in) within the next " + left + " minutes.", UiText.Type.SUCCESS,
        Messages.context("privilegedSessionExpiresAt", time, "privileged_session_expires_at", time,
            "privileged_session_expires_at_unix", privilegedSessionExpiresAt.getEpochSecond()));
  }

  /** 1060004: a recovery code was sent to a masked address. */
  public static UiText recoveryCodeSentToMaskedAddress(String maskedAddress) {
    return Messages.info(1060004, "A recovery code has been sent to " + maskedAddress + ". If you have not received "
        + "it, check the spelling of the address and make sure to use the address you registered with.",
        Messages.context("masked_address", maskedAddress));
  }
}
