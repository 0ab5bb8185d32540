package io.portcullis.identitysessions.kratos;

import io.vertx.core.json.JsonObject;

/**
 * A Kratos error that tells the browser where to go next: besides the {@code error} object, its JSON carries
 * {@code redirect_browser_to} at the top level (Kratos' {@code ErrAALNotSatisfied} and
 * {@code BrowserLocationChangeRequiredError}).
 */
public final class RedirectingError extends KratosError {
  private final String redirectTo;

  private RedirectingError(int code, String id, String message, String reason, JsonObject details,
      String redirectTo) {
    super(code, id, message, reason, details);
    this.redirectTo = redirectTo;
  }

  /** 403 {@code session_aal2_required}: the session must be upgraded by logging in at {@code loginUrl}. */
  public static RedirectingError aal2Required(String loginUrl) {
    return new RedirectingError(403, "session_aal2_required",
        "Session does not fulfill the requested Authenticator Assurance Level",
        "An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please "
            + "verify yourself with a second factor to resolve this issue.",
        new JsonObject().put("redirect_browser_to", loginUrl), loginUrl);
  }

  /** 422 {@code browser_location_change_required}, as Kratos answers a browser's JSON (SPA) request. */
  public static RedirectingError locationChange(String url) {
    return new RedirectingError(422, "browser_location_change_required", "browser location change required",
        "In order to complete this flow please redirect the browser to: " + url, null, url);
  }

  public String redirectTo() {
    return redirectTo;
  }

  @Override
  public JsonObject toJson() {
    return super.toJson().put("redirect_browser_to", redirectTo);
  }
}
