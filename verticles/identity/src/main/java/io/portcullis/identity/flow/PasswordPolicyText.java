package io.portcullis.identity.flow;

import io.portcullis.identity.password.PolicyViolation;
import io.portcullis.identity.ui.UiText;
import io.vertx.core.json.JsonObject;

/** Why a new password (registration, settings) is refused, as the message on the password field. */
public final class PasswordPolicyText {
  private PasswordPolicyText() {
  }

  public static UiText of(PolicyViolation v) {
    return new UiText(v.id(), v.text(), UiText.Type.ERROR, new JsonObject(v.context()));
  }
}
