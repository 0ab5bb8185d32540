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
 * Factories for the Kratos v25.4.0 {@code text} messages every flow shares (node labels, validation, password policy,
 * system errors), with the exact id, text, type and context; each flow's own texts are in its package
 * ({@code LoginMessages}, ...), built with the helpers here. Context keys are written sorted, as Go's {@code json.Marshal} writes a map; times are
 * RFC 3339 in UTC with Go's trimmed fractional seconds; floats are printed as Go's {@code %v} prints them. Messages
 * whose text depends on the current time take the "now" instant explicitly so callers and tests control it.
 */
public final class Messages {

  private Messages() {
  }

  // ---- node labels, buttons, info texts, errors without context ----

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

  /** 1070002: a label generated from a schema {@code title} (Kratos {@code NewInfoNodeLabelGenerated}). */
  public static UiText labelGenerated(String title, String name) {
    return info(1070002, title, context("name", name, "title", title));
  }

  /** 4000001: a generic validation error; the reason is the text (Kratos {@code NewValidationErrorGeneric}). */
  public static UiText validationGeneric(String reason) {
    return error(4000001, reason, context("reason", reason));
  }

  /** 4000002 "Property {name} is missing." (Kratos {@code NewValidationErrorRequired}). */
  public static UiText required(String property) {
    return error(4000002, "Property " + property + " is missing.", context("property", property));
  }

  /** 4000003 "length must be >= {min}, but got {actual}". */
  public static UiText minLength(int minLength, int actualLength) {
    return error(4000003, "length must be >= " + minLength + ", but got " + actualLength,
        context("actual_length", actualLength, "min_length", minLength));
  }

  /** 4000017 "length must be <= {max}, but got {actual}". */
  public static UiText maxLength(int maxLength, int actualLength) {
    return error(4000017, "length must be <= " + maxLength + ", but got " + actualLength,
        context("actual_length", actualLength, "max_length", maxLength));
  }

  /** 4000004 {@code does not match pattern "{pattern}"} (Go {@code %q} quoting). */
  public static UiText invalidFormat(String pattern) {
    return error(4000004, "does not match pattern " + GoFormat.quote(pattern), context("pattern", pattern));
  }

  /** 4000018 "must be >= {min} but found {actual}". */
  public static UiText minimum(double minimum, double actual) {
    return error(4000018, "must be >= " + GoFormat.value(minimum) + " but found " + GoFormat.value(actual),
        context("actual", num(actual), "minimum", num(minimum)));
  }

  /** 4000019 "must be > {min} but found {actual}". */
  public static UiText exclusiveMinimum(double minimum, double actual) {
    return error(4000019, "must be > " + GoFormat.value(minimum) + " but found " + GoFormat.value(actual),
        context("actual", num(actual), "minimum", num(minimum)));
  }

  /** 4000020 "must be <= {max} but found {actual}". */
  public static UiText maximum(double maximum, double actual) {
    return error(4000020, "must be <= " + GoFormat.value(maximum) + " but found " + GoFormat.value(actual),
        context("actual", num(actual), "maximum", num(maximum)));
  }

  /** 4000021 "must be < {max} but found {actual}". */
  public static UiText exclusiveMaximum(double maximum, double actual) {
    return error(4000021, "must be < " + GoFormat.value(maximum) + " but found " + GoFormat.value(actual),
        context("actual", num(actual), "maximum", num(maximum)));
  }

  /** 4000022 "{actual} not multipleOf {base}". */
  public static UiText multipleOf(double base, double actual) {
    return error(4000022, GoFormat.value(actual) + " not multipleOf " + GoFormat.value(base),
        context("actual", num(actual), "base", num(base)));
  }

  /** 4000023 "maximum {max} items allowed, but found {actual} items". */
  public static UiText maxItems(int maxItems, int actualItems) {
    return error(4000023, "maximum " + maxItems + " items allowed, but found " + actualItems + " items",
        context("actual_items", actualItems, "max_items", maxItems));
  }

  /** 4000024 "minimum {min} items allowed, but found {actual} items". */
  public static UiText minItems(int minItems, int actualItems) {
    return error(4000024, "minimum " + minItems + " items allowed, but found " + actualItems + " items",
        context("actual_items", actualItems, "min_items", minItems));
  }

  /** 4000025 "items at index {a} and {b} are equal". */
  public static UiText uniqueItems(int indexA, int indexB) {
    return error(4000025, "items at index " + indexA + " and " + indexB + " are equal",
        context("index_a", indexA, "index_b", indexB));
  }

  /** 4000026 "expected {types joined by ' or '}, but got {actual}". */
  public static UiText wrongType(List<String> allowedTypes, String actualType) {
    return error(4000026, "expected " + String.join(" or ", allowedTypes) + ", but got " + actualType,
        context("actual_type", actualType, "allowed_types", new JsonArray(List.copyOf(allowedTypes))));
  }

  /** 4000029 "must be equal to constant {expected}"; {@code expected} is the text jsonschema printed. */
  public static UiText constant(String expected) {
    return error(4000029, "must be equal to constant " + expected, context("expected", expected));
  }

  /** 4000005 "The password can not be used because {reason}.". */
  public static UiText passwordPolicyViolation(String reason) {
    return error(4000005, "The password can not be used because " + reason + ".", context("reason", reason));
  }

  /** 4000032 "The password must be at least {min} characters long, but got {actual}.". */
  public static UiText passwordMinLength(int minLength, int actualLength) {
    return error(4000032, "The password must be at least " + minLength + " characters long, but got " + actualLength
        + ".", context("actual_length", actualLength, "min_length", minLength));
  }

  /** 4000033 "The password must be at most {max} characters long, but got {actual}.". */
  public static UiText passwordMaxLength(int maxLength, int actualLength) {
    return error(4000033, "The password must be at most " + maxLength + " characters long, but got " + actualLength
        + ".", context("actual_length", actualLength, "max_length", maxLength));
  }

  /** 4000034: the password was found in data breaches. */
  public static UiText passwordTooManyBreaches(long breaches) {
    return error(4000034, "The password has been found in data breaches and must no longer be used.",
        context("breaches", breaches));
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
    return error(4000028, reason.toString(), context(
        "available_credential_types", new JsonArray(List.copyOf(availableCredentialTypes)),
        "available_oidc_providers", new JsonArray(List.copyOf(availableOidcProviders)),
        "credential_identifier_hint", credentialIdentifierHint == null ? "" : credentialIdentifierHint));
  }

  /** 5000001: a generic system error; the reason is the text. */
  public static UiText systemGeneric(String reason) {
    return error(5000001, reason, context("reason", reason));
  }

  // ---- helpers ----

  /** Kratos' "The {flow} flow expired {minutes} minutes ago" with its context, under the flow's own id. */
  public static UiText flowExpired(long id, String flow, Instant expiredAt, Instant now) {
    return error(id, "The " + flow + " flow expired " + minutes(Duration.between(expiredAt, now))
        + " minutes ago, please try again.",
        context("expired_at", goTime(expiredAt), "expired_at_unix", expiredAt.getEpochSecond()));
  }

  /** An info text with a context. */
  public static UiText info(long id, String text, JsonObject context) {
    return new UiText(id, text, UiText.Type.INFO, context);
  }

  private static UiText error(long id, String text, JsonObject context) {
    return new UiText(id, text, UiText.Type.ERROR, context);
  }

  /** A context object with keys sorted as Go marshals a map. */
  public static JsonObject context(Object... keyValues) {
    Map<String, Object> sorted = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      sorted.put((String) keyValues[i], keyValues[i + 1]);
    }
    JsonObject json = new JsonObject();
    sorted.forEach(json::put);
    return json;
  }

  /** Go's {@code %.2f} of a duration in minutes. */
  public static String minutes(Duration d) {
    double minutes = d.toNanos() / 6e10;
    return new BigDecimal(minutes).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** Go's RFC 3339 with nanoseconds, trailing zeros trimmed, for a UTC time. */
  public static String goTime(Instant t) {
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
