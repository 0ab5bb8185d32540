package io.portcullis.identity.flow.recovery;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.json.JsonObject;

/**
 * Kratos' 422 {@code browser_location_change_required}: the client must send the browser to
 * {@code redirect_browser_to}.
 */
final class LocationChangeRequired extends KratosError {
  private final String redirectTo;

  LocationChangeRequired(String redirectTo) {
    super(422, "browser_location_change_required", "browser location change required",
        "In order to complete this flow please redirect the browser to: " + redirectTo);
    this.redirectTo = redirectTo;
  }

  @Override
  public JsonObject toJson() {
    return super.toJson().put("redirect_browser_to", redirectTo);
  }
}
