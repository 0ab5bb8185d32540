package io.portcullis.identity.ui;

import io.portcullis.rules.template.GoFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Factories for every Kratos v25.4.0 {@code text} message the password, profile and code flows emit, with the exact
 * id, text, type and context. Context keys are written sorted, as Go's {@code json.Marshal} writes a map; times are
 * RFC 3339 in UTC with Go's trimmed fractional seconds; floats are printed as Go's {@code %v} prints them. Messages
 * whose text depends on the current time take the "now" instant explicitly so callers and tests control it.
 */
public final class Messages {

  private Messages() {
  }

  // ---- node labels, buttons, info texts, errors without context ----

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

  /** 4010003, Kratos {@code text.NewErrorValidationRegistrationNoStrategyFound}. */
  public static UiText registrationNoStrategyFound() {
    return new UiText(4010003, "Could not find a strategy to sign you up with. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 4010004, Kratos {@code text.NewErrorValidationSettingsNoStrategyFound}. */
  public static UiText settingsNoStrategyFound() {
    return new UiText(4010004, "Could not find a strategy to update your settings. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 4010005, Kratos {@code text.NewErrorValidationRecoveryNoStrategyFound}. */
  public static UiText recoveryNoStrategyFound() {
    return new UiText(4010005, "Could not find a strategy to recover your account with. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 4010006, Kratos {@code text.NewErrorValidationVerificationNoStrategyFound}. */
  public static UiText verificationNoStrategyFound() {
    return new UiText(4010006, "Could not find a strategy to verify your account with. Did you fill out the form correctly?", UiText.Type.ERROR, null);
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

  /** 1040001, Kratos {@code text.NewInfoRegistration}. */
  public static UiText registration() {
    return new UiText(1040001, "Sign up", UiText.Type.INFO, null);
  }

  /** 1040003, Kratos {@code text.NewInfoRegistrationContinue}. */
  public static UiText registrationContinue() {
    return new UiText(1040003, "Continue", UiText.Type.INFO, null);
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

  /** 1050001, Kratos {@code text.NewInfoSelfServiceSettingsUpdateSuccess}. */
  public static UiText settingsUpdateSuccess() {
    return new UiText(1050001, "Your changes have been saved!", UiText.Type.SUCCESS, null);
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

  /** 1070001, Kratos {@code text.NewInfoNodeInputPassword}. */
  public static UiText labelPassword() {
    return new UiText(1070001, "Password", UiText.Type.INFO, null);
  }

  /** 1070003, Kratos {@code text.NewInfoNodeLabelSave}. */
  public static UiText labelSave() {
    return new UiText(1070003, "Save", UiText.Type.INFO, null);
  }

  /** 1070004, Kratos {@code text.NewInfoNodeLabelID}. */
  public static UiText labelId() {
    return new UiText(1070004, "ID", UiText.Type.INFO, null);
  }

  /** 1070005, Kratos {@code text.NewInfoNodeLabelSubmit}. */
  public static UiText labelSubmit() {
    return new UiText(1070005, "Submit", UiText.Type.INFO, null);
  }

  /** 1070006, Kratos {@code text.NewInfoNodeLabelVerifyOTP}. */
  public static UiText labelVerifyOtp() {
    return new UiText(1070006, "Verify code", UiText.Type.INFO, null);
  }

  /** 1070007, Kratos {@code text.NewInfoNodeInputEmail}. */
  public static UiText labelEmail() {
    return new UiText(1070007, "Email", UiText.Type.INFO, null);
  }

  /** 1070008, Kratos {@code text.NewInfoNodeResendOTP}. */
  public static UiText labelResendOtp() {
    return new UiText(1070008, "Resend code", UiText.Type.INFO, null);
  }

  /** 1070009, Kratos {@code text.NewInfoNodeLabelContinue}. */
  public static UiText labelContinue() {
    return new UiText(1070009, "Continue", UiText.Type.INFO, null);
  }

  /** 1070010, Kratos {@code text.NewInfoNodeLabelRecoveryCode}. */
  public static UiText labelRecoveryCode() {
    return new UiText(1070010, "Recovery code", UiText.Type.INFO, null);
  }

  /** 1070011, Kratos {@code text.NewInfoNodeLabelVerificationCode}. */
  public static UiText labelVerificationCode() {
    return new UiText(1070011, "Verification code", UiText.Type.INFO, null);
  }

  /** 1070012, Kratos {@code text.NewInfoNodeLabelRegistrationCode}. */
  public static UiText labelRegistrationCode() {
    return new UiText(1070012, "Registration code", UiText.Type.INFO, null);
  }

  /** 1070013, Kratos {@code text.NewInfoNodeLabelLoginCode}. */
  public static UiText labelLoginCode() {
    return new UiText(1070013, "Login code", UiText.Type.INFO, null);
  }

  /** 1070014, Kratos {@code text.NewInfoNodeLoginAndLinkCredential}. */
  public static UiText labelLoginAndLinkCredential() {
    return new UiText(1070014, "Login and link credential", UiText.Type.INFO, null);
  }

  /** 1070017, Kratos {@code text.NewInfoNodeInputPhoneNumber}. */
  public static UiText labelPhoneNumber() {
    return new UiText(1070017, "Phone number", UiText.Type.INFO, null);
  }

  /** 4000030, Kratos {@code text.NewErrorValidationConstGeneric}. */
  public static UiText constGeneric() {
    return new UiText(4000030, "const failed", UiText.Type.ERROR, null);
  }

  /** 4000031, Kratos {@code text.NewErrorValidationPasswordIdentifierTooSimilar}. */
  public static UiText passwordIdentifierTooSimilar() {
    return new UiText(4000031, "The password can not be used because it is too similar to the identifier.", UiText.Type.ERROR, null);
  }

  /** 4000039, Kratos {@code text.NewErrorValidationPasswordNewSameAsOld}. */
  public static UiText passwordNewSameAsOld() {
    return new UiText(4000039, "The new password must be different from the old password.", UiText.Type.ERROR, null);
  }

  /** 4000006, Kratos {@code text.NewErrorValidationInvalidCredentials}. */
  public static UiText invalidCredentials() {
    return new UiText(4000006, "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.", UiText.Type.ERROR, null);
  }

  /** 4000037, Kratos {@code text.NewErrorValidationAccountNotFound}. */
  public static UiText accountNotFound() {
    return new UiText(4000037, "This account does not exist or has no login method configured.", UiText.Type.ERROR, null);
  }

  /** 4000007, Kratos {@code text.NewErrorValidationDuplicateCredentials}. */
  public static UiText duplicateCredentials() {
    return new UiText(4000007, "An account with the same identifier (email, phone, username, ...) exists already.", UiText.Type.ERROR, null);
  }

  /** 4000009, Kratos {@code text.NewErrorValidationIdentifierMissing}. */
  public static UiText identifierMissing() {
    return new UiText(4000009, "Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.", UiText.Type.ERROR, null);
  }

  /** 4000010, Kratos {@code text.NewErrorValidationAddressNotVerified}. */
  public static UiText addressNotVerified() {
    return new UiText(4000010, "Account not active yet. Did you forget to verify your email address?", UiText.Type.ERROR, null);
  }

  /** 4000035, Kratos {@code text.NewErrorValidationNoCodeUser}. */
  public static UiText noCodeUser() {
    return new UiText(4000035, "This account does not exist or has not setup sign in with code.", UiText.Type.ERROR, null);
  }

  /** 4000036, Kratos {@code text.NewErrorValidationTraitsMismatch}. */
  public static UiText traitsMismatch() {
    return new UiText(4000036, "The provided traits do not match the traits previously associated with this flow.", UiText.Type.ERROR, null);
  }

  /** 4000038, Kratos {@code text.NewErrorCaptchaFailed}. */
  public static UiText captchaFailed() {
    return new UiText(4000038, "Captcha verification failed, please try again.", UiText.Type.ERROR, null);
  }

  // ---- messages with context ----

  /** 1010002 "Sign in with {provider}" (Kratos {@code NewInfoLoginWith}). */
  public static UiText loginWith(String provider, String providerId) {
    return info(1010002, "Sign in with " + provider, ctx("provider", provider, "provider_id", providerId));
  }

  /** 1070002: a label generated from a schema {@code title} (Kratos {@code NewInfoNodeLabelGenerated}). */
  public static UiText labelGenerated(String title, String name) {
    return info(1070002, title, ctx("name", name, "title", title));
  }

  /** 1010023 "Send code to {address}" (Kratos {@code NewInfoSelfServiceLoginAAL2CodeAddress}). */
  public static UiText loginAal2CodeAddress(String channel, String address) {
    return info(1010023, "Send code to " + address, ctx("address", address, "channel", channel));
  }

  /** 4010001: the login flow expired (Kratos {@code NewErrorValidationLoginFlowExpired}). */
  public static UiText loginFlowExpired(Instant expiredAt, Instant now) {
    return flowExpired(4010001, "login", expiredAt, now);
  }

  /** 4040001: the registration flow expired. */
  public static UiText registrationFlowExpired(Instant expiredAt, Instant now) {
    return flowExpired(4040001, "registration", expiredAt, now);
  }

  /** 4050001: the settings flow expired. */
  public static UiText settingsFlowExpired(Instant expiredAt, Instant now) {
    return flowExpired(4050001, "settings", expiredAt, now);
  }

  /** 4060005: the recovery flow expired. */
  public static UiText recoveryFlowExpired(Instant expiredAt, Instant now) {
    return flowExpired(4060005, "recovery", expiredAt, now);
  }

  /** 4070005: the verification flow expired. */
  public static UiText verificationFlowExpired(Instant expiredAt, Instant now) {
    return flowExpired(4070005, "verification", expiredAt, now);
  }

  /** 1060001: recovery succeeded; the text counts the minutes left of the privileged session. */
  public static UiText recoverySuccessful(Instant privilegedSessionExpiresAt, Instant now) {
    String left = minutes(Duration.between(now, privilegedSessionExpiresAt));
    String time = goTime(privilegedSessionExpiresAt);
    return new UiText(1060001, "You successfully recovered your account. Please change your password or set up an "
        + "alternative login method (e.g. social sign in) within the next " + left + " minutes.", UiText.Type.SUCCESS,
        ctx("privilegedSessionExpiresAt", time, "privileged_session_expires_at", time,
            "privileged_session_expires_at_unix", privilegedSessionExpiresAt.getEpochSecond()));
  }

  /** 1060004: a recovery code was sent to a masked address. */
  public static UiText recoveryCodeSentToMaskedAddress(String maskedAddress) {
    return info(1060004, "A recovery code has been sent to " + maskedAddress + ". If you have not received it, check "
        + "the spelling of the address and make sure to use the address you registered with.",
        ctx("masked_address", maskedAddress));
  }

  /** 4000001: a generic validation error; the reason is the text (Kratos {@code NewValidationErrorGeneric}). */
  public static UiText validationGeneric(String reason) {
    return error(4000001, reason, ctx("reason", reason));
  }

  /** 4000002 "Property {name} is missing." (Kratos {@code NewValidationErrorRequired}). */
  public static UiText required(String property) {
    return error(4000002, "Property " + property + " is missing.", ctx("property", property));
  }

  /** 4000003 "length must be >= {min}, but got {actual}". */
  public static UiText minLength(int minLength, int actualLength) {
    return error(4000003, "length must be >= " + minLength + ", but got " + actualLength,
        ctx("actual_length", actualLength, "min_length", minLength));
  }

  /** 4000017 "length must be <= {max}, but got {actual}". */
  public static UiText maxLength(int maxLength, int actualLength) {
    return error(4000017, "length must be <= " + maxLength + ", but got " + actualLength,
        ctx("actual_length", actualLength, "max_length", maxLength));
  }

  /** 4000004 {@code does not match pattern "{pattern}"} (Go {@code %q} quoting). */
  public static UiText invalidFormat(String pattern) {
    return error(4000004, "does not match pattern " + GoFormat.quote(pattern), ctx("pattern", pattern));
  }

  /** 4000018 "must be >= {min} but found {actual}". */
  public static UiText minimum(double minimum, double actual) {
    return error(4000018, "must be >= " + GoFormat.value(minimum) + " but found " + GoFormat.value(actual),
        ctx("actual", num(actual), "minimum", num(minimum)));
  }

  /** 4000019 "must be > {min} but found {actual}". */
  public static UiText exclusiveMinimum(double minimum, double actual) {
    return error(4000019, "must be > " + GoFormat.value(minimum) + " but found " + GoFormat.value(actual),
        ctx("actual", num(actual), "minimum", num(minimum)));
  }

  /** 4000020 "must be <= {max} but found {actual}". */
  public static UiText maximum(double maximum, double actual) {
    return error(4000020, "must be <= " + GoFormat.value(maximum) + " but found " + GoFormat.value(actual),
        ctx("actual", num(actual), "maximum", num(maximum)));
  }

  /** 4000021 "must be < {max} but found {actual}". */
  public static UiText exclusiveMaximum(double maximum, double actual) {
    return error(4000021, "must be < " + GoFormat.value(maximum) + " but found " + GoFormat.value(actual),
        ctx("actual", num(actual), "maximum", num(maximum)));
  }

  /** 4000022 "{actual} not multipleOf {base}". */
  public static UiText multipleOf(double base, double actual) {
    return error(4000022, GoFormat.value(actual) + " not multipleOf " + GoFormat.value(base),
        ctx("actual", num(actual), "base", num(base)));
  }

  /** 4000023 "maximum {max} items allowed, but found {actual} items". */
  public static UiText maxItems(int maxItems, int actualItems) {
    return error(4000023, "maximum " + maxItems + " items allowed, but found " + actualItems + " items",
        ctx("actual_items", actualItems, "max_items", maxItems));
  }

  /** 4000024 "minimum {min} items allowed, but found {actual} items". */
  public static UiText minItems(int minItems, int actualItems) {
    return error(4000024, "minimum " + minItems + " items allowed, but found " + actualItems + " items",
        ctx("actual_items", actualItems, "min_items", minItems));
  }

  /** 4000025 "items at index {a} and {b} are equal". */
  public static UiText uniqueItems(int indexA, int indexB) {
    return error(4000025, "items at index " + indexA + " and " + indexB + " are equal",
        ctx("index_a", indexA, "index_b", indexB));
  }

  /** 4000026 "expected {types joined by ' or '}, but got {actual}". */
  public static UiText wrongType(List<String> allowedTypes, String actualType) {
    return error(4000026, "expected " + String.join(" or ", allowedTypes) + ", but got " + actualType,
        ctx("actual_type", actualType, "allowed_types", new JsonArray(List.copyOf(allowedTypes))));
  }

  /** 4000029 "must be equal to constant {expected}"; {@code expected} is the text jsonschema printed. */
  public static UiText constant(String expected) {
    return error(4000029, "must be equal to constant " + expected, ctx("expected", expected));
  }

  /** 4000005 "The password can not be used because {reason}.". */
  public static UiText passwordPolicyViolation(String reason) {
    return error(4000005, "The password can not be used because " + reason + ".", ctx("reason", reason));
  }

  /** 4000032 "The password must be at least {min} characters long, but got {actual}.". */
  public static UiText passwordMinLength(int minLength, int actualLength) {
    return error(4000032, "The password must be at least " + minLength + " characters long, but got " + actualLength
        + ".", ctx("actual_length", actualLength, "min_length", minLength));
  }

  /** 4000033 "The password must be at most {max} characters long, but got {actual}.". */
  public static UiText passwordMaxLength(int maxLength, int actualLength) {
    return error(4000033, "The password must be at most " + maxLength + " characters long, but got " + actualLength
        + ".", ctx("actual_length", actualLength, "max_length", maxLength));
  }

  /** 4000034: the password was found in data breaches. */
  public static UiText passwordTooManyBreaches(long breaches) {
    return error(4000034, "The password has been found in data breaches and must no longer be used.",
        ctx("breaches", breaches));
  }

  /**
   * 4000028: duplicate credentials with sign-in hints (Kratos {@code NewErrorValidationDuplicateCredentialsWithHints}).
   * OIDC provider names are title-cased as Go's {@code cases.Title} does for simple ASCII names.
   */
  public static UiText duplicateCredentialsWithHints(List<String> availableCredentialTypes,
      List<String> availableOidcProviders, String credentialIdentifierHint) {
    String identifier = credentialIdentifierHint == null || credentialIdentifierHint.isEmpty()
        ? "an email, phone, or username" : credentialIdentifierHint;
    StringBuilder reason = new StringBuilder("You tried signing in with " + identifier
        + " which is already in use by another account.");
    if (!availableCredentialTypes.isEmpty()) {
      java.util.LinkedHashSet<String> readable = new java.util.LinkedHashSet<>();
      for (String cred : availableCredentialTypes) {
        switch (cred) {
          case "password" -> readable.add("your password");
          case "oidc", "saml" -> readable.add("social sign in");
          case "webauthn" -> readable.add("your passkey or a security key");
          case "passkey" -> readable.add("your passkey");
          default -> { }
        }
      }
      if (readable.isEmpty()) {
        readable.addAll(availableCredentialTypes);
      }
      List<String> list = new java.util.ArrayList<>(readable);
      if (list.size() > 1) {
        list.set(list.size() - 1, "or " + list.get(list.size() - 1));
      }
      reason.append(" You can sign in using ").append(String.join(", ", list)).append('.');
    }
    if (!availableOidcProviders.isEmpty()) {
      List<String> titled = availableOidcProviders.stream().map(Messages::title).toList();
      reason.append(" You can sign in using one of the following social sign in providers: ")
          .append(String.join(", ", titled)).append('.');
    }
    return error(4000028, reason.toString(), ctx(
        "available_credential_types", new JsonArray(List.copyOf(availableCredentialTypes)),
        "available_oidc_providers", new JsonArray(List.copyOf(availableOidcProviders)),
        "credential_identifier_hint", credentialIdentifierHint == null ? "" : credentialIdentifierHint));
  }

  /** 5000001: a generic system error; the reason is the text. */
  public static UiText systemGeneric(String reason) {
    return error(5000001, reason, ctx("reason", reason));
  }

  // ---- helpers ----

  private static UiText flowExpired(long id, String flow, Instant expiredAt, Instant now) {
    return error(id, "The " + flow + " flow expired " + minutes(Duration.between(expiredAt, now))
        + " minutes ago, please try again.",
        ctx("expired_at", goTime(expiredAt), "expired_at_unix", expiredAt.getEpochSecond()));
  }

  private static UiText info(long id, String text, JsonObject context) {
    return new UiText(id, text, UiText.Type.INFO, context);
  }

  private static UiText error(long id, String text, JsonObject context) {
    return new UiText(id, text, UiText.Type.ERROR, context);
  }

  /** A context object with keys sorted as Go marshals a map. */
  private static JsonObject ctx(Object... keyValues) {
    Map<String, Object> sorted = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      sorted.put((String) keyValues[i], keyValues[i + 1]);
    }
    JsonObject json = new JsonObject();
    sorted.forEach(json::put);
    return json;
  }

  /** Go's {@code %.2f} of a duration in minutes. */
  static String minutes(Duration d) {
    double minutes = d.toNanos() / 6e10;
    return new BigDecimal(minutes).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** Go's RFC 3339 with nanoseconds, trailing zeros trimmed, for a UTC time. */
  static String goTime(Instant t) {
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format(Locale.ROOT, "%09d", nanos).replaceAll("0+$", "");
      sb.append('.').append(frac);
    }
    return sb.append('Z').toString();
  }

  /** A float as Go's JSON encoder writes it: integral values without ".0". */
  private static Number num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e21) {
      return (long) v;
    }
    return v;
  }

  private static String title(String s) {
    if (s.isEmpty()) {
      return s;
    }
    return Character.toUpperCase(s.charAt(0)) + s.substring(1).toLowerCase(Locale.ROOT);
  }
}
