package io.portcullis.identity.flow.settings;

import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.model.Identity;

/**
 * What a second-factor settings method made of a submission, for {@link SettingsHandler} to carry out: save a
 * changed identity (recording {@code provenMethod} on the session when the holder just proved a second factor), show
 * the form again with new nodes (Kratos' {@code ErrStrategyAsksToReturnToUI}), or refuse with a message.
 *
 * @param flowData the flow's data ({@code internal_context}) afterwards
 */
record SettingsStep(Kind kind, io.vertx.core.json.JsonObject flowData, Identity changed, String provenMethod,
    UiText error, String errorNode) {

  enum Kind { SAVE, SHOW, INVALID }

  static SettingsStep save(io.vertx.core.json.JsonObject flowData, Identity changed, String provenMethod) {
    return new SettingsStep(Kind.SAVE, flowData, changed, provenMethod, null, null);
  }

  static SettingsStep show(io.vertx.core.json.JsonObject flowData) {
    return new SettingsStep(Kind.SHOW, flowData, null, null, null, null);
  }

  static SettingsStep invalid(UiText error, String errorNode) {
    return new SettingsStep(Kind.INVALID, null, null, null, error, errorNode);
  }
}
