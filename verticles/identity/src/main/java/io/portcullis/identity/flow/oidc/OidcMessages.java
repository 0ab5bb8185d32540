package io.portcullis.identity.flow.oidc;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiText;
import io.vertx.core.json.JsonArray;
import java.util.List;

/** The Kratos v25.4.0 texts of the OpenID Connect method, as {@link Messages} writes them. */
public final class OidcMessages {
  private OidcMessages() {
  }

  /** 1010002 "Sign in with {provider}" (Kratos {@code NewInfoLoginWith}). */
  public static UiText loginWith(String provider, String providerId) {
    return Messages.info(1010002, "Sign in with " + provider,
        Messages.context("provider", provider, "provider_id", providerId));
  }

  /** 1040002 "Sign up with {provider}" (Kratos {@code NewInfoRegistrationWith}). */
  public static UiText registrationWith(String provider, String providerId) {
    return Messages.info(1040002, "Sign up with " + provider,
        Messages.context("provider", provider, "provider_id", providerId));
  }

  /** 1040003 "Continue" (Kratos {@code NewInfoRegistrationContinue}). */
  public static UiText registrationContinue() {
    return new UiText(1040003, "Continue", UiText.Type.INFO, null);
  }

  /** 1050002 "Link {provider}" (Kratos {@code NewInfoSelfServiceSettingsUpdateLinkOIDC}). */
  public static UiText link(String provider) {
    return Messages.info(1050002, "Link " + provider, Messages.context("provider", provider));
  }

  /** 1050003 "Unlink {provider}" (Kratos {@code NewInfoSelfServiceSettingsUpdateUnlinkOIDC}). */
  public static UiText unlink(String provider) {
    return Messages.info(1050003, "Unlink " + provider, Messages.context("provider", provider));
  }

  /** 1010017 "Sign in and link" (Kratos {@code NewInfoLoginAndLink}). */
  public static UiText loginAndLink() {
    return new UiText(1010017, "Sign in and link", UiText.Type.INFO, null);
  }

  /** 1010018 "Confirm with {provider}" (Kratos {@code NewInfoLoginWithAndLink}). */
  public static UiText loginWithAndLink(String provider) {
    return Messages.info(1010018, "Confirm with " + provider, Messages.context("provider", provider));
  }

  /** 1010016: the account-linking explanation (Kratos {@code NewInfoLoginLinkMessage}). */
  public static UiText loginLink(String duplicateIdentifier, String provider, String newLoginUrl,
      List<String> availableCredentials, List<String> availableProviders) {
    String q = io.portcullis.rules.template.GoFormat.quote(duplicateIdentifier);
    return Messages.info(1010016, "You tried to sign in with " + q + ", but that email is already used by another "
        + "account. Sign in to your account with one of the options below to add your account " + q + " at "
        + io.portcullis.rules.template.GoFormat.quote(provider) + " as another way to sign in.",
        Messages.context("duplicateIdentifier", duplicateIdentifier, "provider", provider, "newLoginUrl", newLoginUrl,
            "duplicate_identifier", duplicateIdentifier, "new_login_url", newLoginUrl,
            "available_credential_types", new JsonArray(List.copyOf(availableCredentials)),
            "available_providers", new JsonArray(List.copyOf(availableProviders))));
  }

  /** 4000027 (Kratos {@code NewErrorValidationDuplicateCredentialsOnOIDCLink}). */
  public static UiText duplicateCredentialsOnOidcLink() {
    return new UiText(4000027, "An account with the same identifier (email, phone, username, ...) exists already. "
        + "Please sign in to your existing account to link your social profile.", UiText.Type.ERROR, null);
  }
}
