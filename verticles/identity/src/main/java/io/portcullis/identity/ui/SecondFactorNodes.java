package io.portcullis.identity.ui;

import io.portcullis.identity.mfa.LookupCodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The nodes and texts of the second-factor methods, {@code totp} and {@code lookup_secret}, exactly as Kratos
 * v25.4.0 builds them (its {@code selfservice/strategy/totp/nodes.go}, {@code lookup/nodes.go} and {@code text}
 * ids).
 */
public final class SecondFactorNodes {
  public static final String TOTP_CODE = "totp_code";
  public static final String TOTP_QR = "totp_qr";
  public static final String TOTP_SECRET_KEY = "totp_secret_key";
  public static final String TOTP_UNLINK = "totp_unlink";
  public static final String LOOKUP_REVEAL = "lookup_secret_reveal";
  public static final String LOOKUP_REGENERATE = "lookup_secret_regenerate";
  public static final String LOOKUP_DISABLE = "lookup_secret_disable";
  public static final String LOOKUP_CODES = "lookup_secret_codes";
  public static final String LOOKUP_CONFIRM = "lookup_secret_confirm";
  public static final String LOOKUP_CODE = "lookup_secret";
  private static final DateTimeFormatter GO_TIME_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private SecondFactorNodes() {
  }

  // ---- settings: totp ----

  /** {@code totp_qr}: the key as a 256x256 QR code, labelled 1050005. */
  public static UiNode totpQr(String dataUrl) {
    return UiNode.image(TOTP_QR, dataUrl, 256, 256, NodeGroup.TOTP)
        .label(info(1050005, "Authenticator app QR code", null));
  }

  /** {@code totp_secret_key}: the secret as text 1050006, labelled 1050017. */
  public static UiNode totpSecret(String secret) {
    return UiNode.text(TOTP_SECRET_KEY, info(1050006, secret, Messages.context("secret", secret)), NodeGroup.TOTP)
        .label(info(1050017, "This is your authenticator app secret. Use it if you can not scan the QR code.",
            null));
  }

  /** The required {@code totp_code} input of the set-up, labelled "Verify code" (1070006). */
  public static UiNode totpVerify() {
    UiNode n = UiNode.input(TOTP_CODE, InputType.TEXT, NodeGroup.TOTP);
    n.input().required(true);
    return n.label(Messages.labelVerifyOtp());
  }

  /** The {@code totp_unlink} submit button (1050004). */
  public static UiNode totpUnlink() {
    UiNode n = UiNode.input(TOTP_UNLINK, InputType.SUBMIT, NodeGroup.TOTP);
    n.input().value("true").required(true);
    return n.label(info(1050004, "Unlink TOTP Authenticator App", null));
  }

  // ---- settings: lookup_secret ----

  public static UiNode lookupReveal() {
    return lookupButton(LOOKUP_REVEAL, info(1050007, "Reveal backup recovery codes", null));
  }

  public static UiNode lookupRegenerate() {
    return lookupButton(LOOKUP_REGENERATE, info(1050008, "Generate new backup recovery codes", null));
  }

  public static UiNode lookupConfirm() {
    return lookupButton(LOOKUP_CONFIRM, info(1050011, "Confirm backup recovery codes", null));
  }

  public static UiNode lookupDisable() {
    return lookupButton(LOOKUP_DISABLE, info(1050016, "Disable this method", null));
  }

  private static UiNode lookupButton(String name, UiText label) {
    UiNode n = UiNode.input(name, InputType.SUBMIT, NodeGroup.LOOKUP_SECRET);
    n.input().value("true");
    return n.label(label);
  }

  /**
   * {@code lookup_secret_codes}: text 1050015 listing the codes (a used one as "used"), its context holding one
   * message per code (1050009 with the code, or 1050014 with when it was used), labelled 1050010; as Kratos'
   * {@code CredentialsLookupConfig.ToNode}.
   */
  public static UiNode lookupCodes(JsonArray recoveryCodes) {
    JsonArray messages = new JsonArray();
    StringBuilder formatted = new StringBuilder();
    for (int i = 0; i < recoveryCodes.size(); i++) {
      JsonObject rc = recoveryCodes.getJsonObject(i);
      formatted.append(i == 0 ? "" : ", ");
      if (LookupCodes.used(rc)) {
        Instant at = Instant.parse(rc.getString("used_at"));
        messages.add(info(1050014, "Secret was used at " + GO_TIME_STRING.format(at) + " +0000 UTC",
            Messages.context("used_at", Messages.goTime(at), "used_at_unix", at.getEpochSecond())).toJson());
        formatted.append("used");
      } else {
        String code = rc.getString("code");
        messages.add(info(1050009, code, Messages.context("secret", code)).toJson());
        formatted.append(code);
      }
    }
    return UiNode.text(LOOKUP_CODES, info(1050015, formatted.toString(), Messages.context("secrets", messages)),
        NodeGroup.LOOKUP_SECRET)
        .label(info(1050010, "These are your back up recovery codes. Please keep them in a safe place!", null));
  }

  // ---- login (aal2) ----

  /** The required {@code totp_code} input of an aal2 login, labelled "Authentication code" (1010006). */
  public static UiNode loginTotpCode() {
    UiNode n = UiNode.input(TOTP_CODE, InputType.TEXT, NodeGroup.TOTP);
    n.input().value("").required(true);
    return n.label(info(1010006, "Authentication code", null));
  }

  /** The {@code method=totp} button, "Use Authenticator" (1010009). */
  public static UiNode loginTotpSubmit() {
    return CommonNodes.submit("totp", NodeGroup.TOTP, info(1010009, "Use Authenticator", null));
  }

  /** The required {@code lookup_secret} input, labelled "Backup recovery code" (1010007). */
  public static UiNode loginLookupCode() {
    UiNode n = UiNode.input(LOOKUP_CODE, InputType.TEXT, NodeGroup.LOOKUP_SECRET);
    n.input().value("").required(true);
    return n.label(info(1010007, "Backup recovery code", null));
  }

  /** The {@code method=lookup_secret} button, "Use backup recovery code" (1010010). */
  public static UiNode loginLookupSubmit() {
    return CommonNodes.submit("lookup_secret", NodeGroup.LOOKUP_SECRET,
        info(1010010, "Use backup recovery code", null));
  }

  // ---- errors ----

  /** 4000008, Kratos {@code text.NewErrorValidationTOTPVerifierWrong}. */
  public static UiText totpWrong() {
    return new UiText(4000008, "The provided authentication code is invalid, please try again.", UiText.Type.ERROR,
        null);
  }

  /** 4000011, Kratos {@code text.NewErrorValidationNoTOTPDevice}. */
  public static UiText noTotpDevice() {
    return new UiText(4000011, "You have no TOTP device set up.", UiText.Type.ERROR, null);
  }

  /** 4000012, Kratos {@code text.NewErrorValidationLookupAlreadyUsed}. */
  public static UiText lookupAlreadyUsed() {
    return new UiText(4000012, "This backup recovery code has already been used.", UiText.Type.ERROR, null);
  }

  /** 4000014, Kratos {@code text.NewErrorValidationNoLookup}. */
  public static UiText noLookup() {
    return new UiText(4000014, "You have no backup recovery codes set up.", UiText.Type.ERROR, null);
  }

  /** 4000016, Kratos {@code text.NewErrorValidationLookupInvalid}. */
  public static UiText lookupInvalid() {
    return new UiText(4000016, "The backup recovery code is not valid.", UiText.Type.ERROR, null);
  }

  private static UiText info(long id, String text, JsonObject context) {
    return new UiText(id, text, UiText.Type.INFO, context);
  }
}
