package io.portcullis.identity.flow.login;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiText;
import java.time.Instant;

/** The Kratos v25.4.0 texts of the login flow (ids 101xxxx and 401xxxx), as {@link Messages} writes them. */
public final class LoginMessages {

  private LoginMessages() {
  }

  /** 1010003, Kratos {@code text.NewInfoLoginReAuth}. */
  public static UiText loginReAuth() {
    return new UiText(1010003, "Please confirm this action by verifying that it is you.", UiText.Type.INFO, null);
  }

  /** 1010004, Kratos {@code text.NewInfoLoginMFA}. */
  public static UiText loginMfa() {
    return new UiText(1010004, "Please complete the second authentication challenge.", UiText.Type.INFO, null);
  }

  /** 1010005, Kratos {@code text.NewInfoLoginVerify}. */
  public static UiText loginVerify() {
    return new UiText(1010005, "Verify", UiText.Type.INFO, null);
  }

  /** 1010006, Kratos {@code text.NewInfoLoginTOTPLabel}. */
  public static UiText loginTotpLabel() {
    return new UiText(1010006, "Authentication code", UiText.Type.INFO, null);
  }

  /** 1010007, Kratos {@code text.NewInfoLoginLookupLabel}. */
  public static UiText loginLookupLabel() {
    return new UiText(1010007, "Backup recovery code", UiText.Type.INFO, null);
  }

  /** 1010001, Kratos {@code text.NewInfoLogin}. */
  public static UiText login() {
    return new UiText(1010001, "Sign in", UiText.Type.INFO, null);
  }

  /** 1010013, Kratos {@code text.NewInfoSelfServiceLoginContinue}. */
  public static UiText loginContinue() {
    return new UiText(1010013, "Continue", UiText.Type.INFO, null);
  }

  /** 1010014, Kratos {@code text.NewLoginCodeSent}. */
  public static UiText loginCodeSent() {
    return new UiText(1010014, "A code was sent to the address you provided. If you didn't receive it, please check the spelling of the address and try again.", UiText.Type.INFO, null);
  }

  /** 1010015, Kratos {@code text.NewInfoSelfServiceLoginCode}. */
  public static UiText loginCode() {
    return new UiText(1010015, "Send sign in code", UiText.Type.INFO, null);
  }

  /** 1010019, Kratos {@code text.NewInfoSelfServiceLoginCodeMFA}. */
  public static UiText loginCodeMfa() {
    return new UiText(1010019, "Request code to continue", UiText.Type.INFO, null);
  }

  /** 1010022, Kratos {@code text.NewInfoLoginPassword}. */
  public static UiText loginPassword() {
    return new UiText(1010022, "Sign in with password", UiText.Type.INFO, null);
  }

  /** 4010002, Kratos {@code text.NewErrorValidationLoginNoStrategyFound}. */
  public static UiText loginNoStrategyFound() {
    return new UiText(4010002, "Could not find a strategy to log you in with. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 4010007, Kratos {@code text.NewErrorValidationLoginRetrySuccessful}. */
  public static UiText loginRetrySuccess() {
    return new UiText(4010007, "The request was already completed successfully and can not be retried.", UiText.Type.ERROR, null);
  }

  /** 4010008, Kratos {@code text.NewErrorValidationLoginCodeInvalidOrAlreadyUsed}. */
  public static UiText loginCodeInvalidOrAlreadyUsed() {
    return new UiText(4010008, "The login code is invalid or has already been used. Please try again.", UiText.Type.ERROR, null);
  }

  /** 4010010, Kratos {@code text.NewErrorValidationAddressUnknown}. */
  public static UiText loginAddressUnknown() {
    return new UiText(4010010, "The address you entered does not match any known addresses in the current account.", UiText.Type.ERROR, null);
  }

  /** 1010023 "Send code to {address}" (Kratos {@code NewInfoSelfServiceLoginAAL2CodeAddress}). */
  public static UiText loginAal2CodeAddress(String channel, String address) {
    return Messages.info(1010023, "Send code to " + address,
        Messages.context("address", address, "channel", channel));
  }

  /** 4010001: the login flow expired (Kratos {@code NewErrorValidationLoginFlowExpired}). */
  public static UiText loginFlowExpired(Instant expiredAt, Instant now) {
    return Messages.flowExpired(4010001, "login", expiredAt, now);
  }
}
