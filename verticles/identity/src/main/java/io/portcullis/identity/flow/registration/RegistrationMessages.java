package io.portcullis.identity.flow.registration;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiText;
import java.time.Instant;

/**
 * The Kratos v25.4.0 texts of the registration flow (ids 104xxxx, 404xxxx, 4010003), as {@link Messages} writes
 * them.
 */
public final class RegistrationMessages {

  private RegistrationMessages() {
  }

  /** 4010003, Kratos {@code text.NewErrorValidationRegistrationNoStrategyFound}. */
  public static UiText registrationNoStrategyFound() {
    return new UiText(4010003, "Could not find a strategy to sign you up with. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 1040001, Kratos {@code text.NewInfoRegistration}. */
  public static UiText registration() {
    return new UiText(1040001, "Sign up", UiText.Type.INFO, null);
  }

  /** 1040005, Kratos {@code text.NewRegistrationEmailWithCodeSent}. */
  public static UiText registrationEmailWithCodeSent() {
    return new UiText(1040005, "A code has been sent to the address(es) you provided. If you have not received a message, check the spelling of the address and retry the registration.", UiText.Type.INFO, null);
  }

  /** 1040006, Kratos {@code text.NewInfoSelfServiceRegistrationRegisterCode}. */
  public static UiText registrationRegisterCode() {
    return new UiText(1040006, "Send sign up code", UiText.Type.INFO, null);
  }

  /** 1040008, Kratos {@code text.NewInfoRegistrationBack}. */
  public static UiText registrationBack() {
    return new UiText(1040008, "Back", UiText.Type.INFO, null);
  }

  /** 1040009, Kratos {@code text.NewInfoSelfServiceChooseCredentials}. */
  public static UiText registrationChooseCredentials() {
    return new UiText(1040009, "Please choose a credential to authenticate yourself with.", UiText.Type.INFO, null);
  }

  /** 4040002, Kratos {@code text.NewErrorValidationRegistrationRetrySuccessful}. */
  public static UiText registrationRetrySuccess() {
    return new UiText(4040002, "The request was already completed successfully and can not be retried.", UiText.Type.ERROR, null);
  }

  /** 4040003, Kratos {@code text.NewErrorValidationRegistrationCodeInvalidOrAlreadyUsed}. */
  public static UiText registrationCodeInvalidOrAlreadyUsed() {
    return new UiText(4040003, "The registration code is invalid or has already been used. Please try again.", UiText.Type.ERROR, null);
  }

  /** 4040001: the registration flow expired. */
  public static UiText registrationFlowExpired(Instant expiredAt, Instant now) {
    return Messages.flowExpired(4040001, "registration", expiredAt, now);
  }
}
