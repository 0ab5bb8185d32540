package io.portcullis.identity.flow.settings;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiText;
import java.time.Instant;

/** The Kratos v25.4.0 texts of the settings flow (ids 105xxxx, 405xxxx, 4010004), as {@link Messages} writes them. */
public final class SettingsMessages {

  private SettingsMessages() {
  }

  /** 4010004, Kratos {@code text.NewErrorValidationSettingsNoStrategyFound}. */
  public static UiText settingsNoStrategyFound() {
    return new UiText(4010004, "Could not find a strategy to update your settings. Did you fill out the form correctly?", UiText.Type.ERROR, null);
  }

  /** 1050001, Kratos {@code text.NewInfoSelfServiceSettingsUpdateSuccess}. */
  public static UiText settingsUpdateSuccess() {
    return new UiText(1050001, "Your changes have been saved!", UiText.Type.SUCCESS, null);
  }

  /** 4050001: the settings flow expired. */
  public static UiText settingsFlowExpired(Instant expiredAt, Instant now) {
    return Messages.flowExpired(4050001, "settings", expiredAt, now);
  }
}
