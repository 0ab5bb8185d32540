package io.portcullis.identity.flow;

import io.portcullis.identitysessions.kratos.KratosJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON every flow shares: Kratos' common flow fields and its {@code continue_with} items. */
public final class FlowJson {
  private FlowJson() {
  }

  /** The common Kratos flow fields, with the flow's form as it was last stored. */
  public static JsonObject common(Flow f) {
    JsonObject o = new JsonObject().put("id", f.id().toString()).put("type", f.type())
        .put("expires_at", KratosJson.time(f.expiresAt())).put("issued_at", KratosJson.time(f.issuedAt()))
        .put("request_url", f.requestUrl());
    if (f.returnTo() != null) {
      o.put("return_to", f.returnTo());
    }
    return o.put("ui", f.ui()).put("state", f.state());
  }

  /** Kratos' {@code continue_with} item that sends the browser to {@code url}. */
  public static JsonObject continueWithRedirect(String url) {
    return new JsonObject().put("action", "redirect_browser_to").put("redirect_browser_to", url);
  }

  /** Kratos' {@code continue_with} item that shows the settings flow {@code id} (at {@code url}). */
  public static JsonObject continueWithSettingsUi(java.util.UUID id, String url) {
    return new JsonObject().put("action", "show_settings_ui")
        .put("flow", new JsonObject().put("id", id.toString()).put("url", url));
  }

  /** Kratos' {@code continue_with} item that shows the recovery flow {@code id}. */
  public static JsonObject continueWithRecoveryUi(java.util.UUID id) {
    return new JsonObject().put("action", "show_recovery_ui").put("flow", new JsonObject().put("id", id.toString()));
  }

  /** Kratos' {@code continue_with} that hands a native app its session token. */
  public static JsonArray continueWithToken(String token) {
    return new JsonArray().add(new JsonObject().put("action", "set_ory_session_token")
        .put("ory_session_token", token));
  }
}
