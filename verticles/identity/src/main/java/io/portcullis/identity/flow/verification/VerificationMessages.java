package io.portcullis.identity.flow.verification;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiText;
import java.time.Instant;

/**
 * The Kratos v25.4.0 texts of the verification flow (ids 108xxxx, 407xxxx, 4010006), as {@link Messages} writes
 * them. The flow itself is not implemented yet; it goes in this package (see docs/identity.md, "Adding a flow").
 */
public final class VerificationMessages {

  private VerificationMessages() {
  }

  /** 4010006, Kratos {@code text.NewErrorValidationVerificationNoStrategyFound}. */
  public static UiText verificationNoStrategyFound() {
    return new UiText(4010006, "Could not find a strategy to verify your account with. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 1080002, Kratos {@code text.NewInfoSelfServiceVerificationSuccessful}. */
  public static UiText verificationSuccessful() {
    return new UiText(1080002, "You successfully verified your email address.", UiText.Type.SUCCESS, null);
  }

  /** 1080001, Kratos {@code text.NewVerificationEmailSent}. */
  public static UiText verificationEmailSent() {
    return new UiText(1080001, "An email containing a verification link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Type.INFO, null);
  }

  /** 1080003, Kratos {@code text.NewVerificationEmailWithCodeSent}. */
  public static UiText verificationEmailWithCodeSent() {
    return new UiText(1080003, "An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Type.INFO, null);
  }

  /** 4070001, Kratos {@code text.NewErrorValidationVerificationTokenInvalidOrAlreadyUsed}. */
  public static UiText verificationTokenInvalidOrAlreadyUsed() {
    return new UiText(4070001, "The verification token is invalid or has already been used. Please retry the flow.", UiText.Type.ERROR, null);
  }

  /** 4070002, Kratos {@code text.NewErrorValidationVerificationRetrySuccess}. */
  public static UiText verificationRetrySuccess() {
    return new UiText(4070002, "The request was already completed successfully and can not be retried.", UiText.Type.ERROR, null);
  }

  /** 4070003, Kratos {@code text.NewErrorValidationVerificationStateFailure}. */
  public static UiText verificationStateFailure() {
    return new UiText(4070003, "The verification flow reached a failure state and must be retried.", UiText.Type.ERROR, null);
  }

  /** 4070006, Kratos {@code text.NewErrorValidationVerificationCodeInvalidOrAlreadyUsed}. */
  public static UiText verificationCodeInvalidOrAlreadyUsed() {
    return new UiText(4070006, "The verification code is invalid or has already been used. Please try again.", UiText.Type.ERROR, null);
  }

  /** 4070005: the verification flow expired. */
  public static UiText verificationFlowExpired(Instant expiredAt, Instant now) {
    return Messages.flowExpired(4070005, "verification", expiredAt, now);
  }
}
