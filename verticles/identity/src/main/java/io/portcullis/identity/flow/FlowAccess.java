package io.portcullis.identity.flow;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may see and submit a flow, as Kratos enforces it: a browser flow only the browser that started it (its CSRF
 * cookie, and the form's token on submit), an API flow only a client that is not a browser; an expired flow nobody.
 * A flow an administrator started for someone else (a recovery code) has no browser to bind to: its data holds
 * {@code skip_csrf_check: true} (Kratos' {@code DangerousSkipCSRFCheck}) and only its expiry is checked.
 */
public final class FlowAccess {
  /** The flow data key of Kratos' {@code DangerousSkipCSRFCheck}. */
  public static final String SKIP_CSRF_CHECK = "skip_csrf_check";
  private final SelfService settings;
  private final Csrf csrf;

  FlowAccess(SelfService settings, Csrf csrf) {
    this.settings = settings;
    this.csrf = csrf;
  }

  /**
   * A flow that may still be shown: a browser flow only to the browser that started it, and none once expired (410
   * pointing to where a new one starts).
   */
  public void checkLive(RoutingContext ctx, Flow f) {
    if (f.browser() && !skipsCsrf(f) && !csrf.verify(ctx, f.csrfToken())) {
      throw csrfError(ctx, null);
    }
    if (f.expiredAt(Flow.now())) {
      throw expiredOnGet(f);
    }
  }

  /**
   * Submissions: browser flows need the form's CSRF token to match the cookie; API flows must not carry cookies or
   * an Origin (a browser must use a browser flow), as Kratos enforces.
   */
  public void checkSubmission(RoutingContext ctx, Flow f, String submittedToken) {
    if (skipsCsrf(f)) {
      return;
    }
    if (f.browser()) {
      String token = submittedToken != null ? submittedToken : ctx.request().getHeader("X-CSRF-Token");
      if (!csrf.verify(ctx, token)) {
        throw csrfError(ctx, token);
      }
      return;
    }
    if (ctx.request().getHeader("Cookie") != null && !ctx.request().getHeader("Cookie").isBlank()) {
      throw KratosError.badRequest("The HTTP Request Header included the \"Cookie\" key, indicating that this "
          + "request was made by a Browser. The flow however was initiated as an API request. To prevent potential "
          + "misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult "
          + "the documentation.");
    }
    if (ctx.request().getHeader("Origin") != null) {
      throw KratosError.badRequest("The HTTP Request Header included the \"Origin\" key, indicating that this "
          + "request was made as part of an AJAX request in a Browser. The flow however was initiated as an API "
          + "request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has "
          + "been blocked. Please consult the documentation.");
    }
  }

  private static boolean skipsCsrf(Flow f) {
    return f.data().getBoolean(SKIP_CSRF_CHECK, false);
  }

  private KratosError csrfError(RoutingContext ctx, String token) {
    return new KratosError(403, "security_csrf_violation",
        "the request was rejected to protect you from Cross-Site-Request-Forgery",
        "Please retry the flow and optionally clear your cookies. The request was rejected to protect you from "
            + "Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, "
            + "and other serious security issues.",
        new JsonObject().put("docs", "https://www.ory.sh/kratos/docs/debug/csrf")
            .put("reject_reason", csrf.rejectReason(ctx, token)));
  }

  /** A GET of an expired flow: 410 pointing to where a new one starts. */
  private KratosError expiredOnGet(Flow f) {
    JsonObject details = f.browser()
        ? new JsonObject().put("redirect_to", settings.browserUrl(f.kind(), f.returnTo()))
            .put("return_to", f.returnTo() == null ? "" : f.returnTo())
        : new JsonObject().put("api", settings.publicBaseUrl() + "/self-service/" + f.kind() + "/api");
    return new KratosError(410, "self_service_flow_expired", "The requested resource is no longer available",
        "The " + f.kind() + " flow has expired. " + (f.browser()
            ? "Redirect the user to the " + f.kind() + " flow init endpoint to initialize a new " + f.kind() + " flow."
            : "Call the " + f.kind() + " flow init API endpoint to initialize a new " + f.kind() + " flow."), details);
  }
}
