package io.portcullis.identity.flow;

import io.portcullis.identity.api.Http;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.portcullis.identity.model.Flow;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.TraitPath;
import io.portcullis.identity.store.FlowStore;
import io.portcullis.identity.ui.UiContainer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

/**
 * What every self-service flow shares: creating and loading flows, their Kratos JSON, CSRF and API-flow checks,
 * answering as JSON or as a 303 redirect (browsers get redirects unless they ask for JSON), expiry, and the session
 * cookie.
 */
public final class Flows {
  private final Pool pool;
  private final FlowStore store;
  private final SelfService settings;
  private final Csrf csrf;
  private final KratosJson json;

  public Flows(Pool pool, FlowStore store, SelfService settings, KratosJson json) {
    this.pool = pool;
    this.store = store;
    this.settings = settings;
    this.csrf = new Csrf(settings.publicBaseUrl(), settings.cookies());
    this.json = json;
  }

  public SelfService settings() {
    return settings;
  }

  public KratosJson json() {
    return json;
  }

  public Pool pool() {
    return pool;
  }

  public FlowStore store() {
    return store;
  }

  /** The anti-CSRF cookie and form tokens, also guarding the pages' own forms. */
  public Csrf csrf() {
    return csrf;
  }

  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** The action URL of a flow's form. */
  public String action(String kind, UUID id) {
    return settings.publicBaseUrl() + "/self-service/" + kind + "?flow=" + id;
  }

  /** A new flow of {@code kind}; browser flows get a CSRF cookie and a masked token in the form. */
  public Flow newFlow(RoutingContext ctx, String kind, String type, String returnTo, UUID identityId, UUID sessionId,
      JsonObject data) {
    Instant now = now();
    UUID id = UUID.randomUUID();
    String token = Flow.BROWSER.equals(type) ? csrf.formToken(ctx) : "";
    return new Flow(id, kind, type, "choose_method", settings.publicBaseUrl() + ctx.request().uri(), returnTo, token, identityId, sessionId, data,
        new JsonObject(), now, now.plus(settings.lifespan(kind)), now, now);
  }

  private Future<Flow> insert(Flow f) {
    return store.insert(pool, f);
  }

  public Future<Flow> save(Flow f) {
    return store.update(pool, f);
  }

  /** The flow named by {@code ?id=} or {@code ?flow=}; 404 when there is none of that kind. */
  public Future<Flow> load(RoutingContext ctx, String kind) {
    String raw = ctx.request().getParam("flow");
    if (raw == null) {
      raw = ctx.request().getParam("id");
    }
    UUID id = Http.uuid("flow", raw);
    return store.get(pool, id, kind).map(f -> f.orElseThrow(() -> KratosError.notFound("The " + kind
        + " flow " + id + " could not be found.")));
  }

  /**
   * A flow that may still be shown: a browser flow only to the browser that started it, and none once expired (410
   * pointing to where a new one starts).
   */
  public void checkLive(RoutingContext ctx, Flow f) {
    checkOwner(ctx, f);
    if (f.expiredAt(now())) {
      throw expiredOnGet(f);
    }
  }

  /** Stores a new flow with its form and answers its creation (JSON, or a redirect to the form for browsers). */
  public Future<Void> open(RoutingContext ctx, Flow f, UiContainer ui, Function<Flow, JsonObject> json) {
    Flow stored = f.with(f.state(), ui.toJson(), f.updatedAt());
    return insert(stored).map(x -> {
      answerCreated(ctx, stored, json.apply(stored));
      return null;
    });
  }

  /** Stores the replacement of an expired flow (its form says so) and answers as Kratos does. */
  public Future<Void> reopen(RoutingContext ctx, Flow expired, Flow replacement, UiContainer ui) {
    Flow stored = replacement.with(replacement.state(), ui.toJson(), replacement.updatedAt());
    return insert(stored).map(x -> {
      answerExpired(ctx, expired, stored);
      return null;
    });
  }

  /** Saves a form with its messages (the password never echoed back) and answers the failed submission. */
  public Future<Void> refuse(RoutingContext ctx, Flow f, String state, UiContainer ui,
      Function<Flow, JsonObject> json) {
    ui.find("password").ifPresent(n -> n.input().value(null));
    Flow saved = f.with(state, ui.toJson(), now());
    return save(saved).map(x -> {
      answerFormError(ctx, saved, json.apply(saved));
      return null;
    });
  }

  /**
   * Kratos' answer to a login or registration attempt by someone who has a session: browsers are sent on to
   * {@code next}; others get 400 {@code session_already_available} with {@code reason}.
   */
  public Future<Void> alreadyLoggedIn(RoutingContext ctx, boolean browser, String next, String reason) {
    if (browser && !wantsJson(ctx)) {
      redirect(ctx, next);
      return Future.succeededFuture();
    }
    throw new KratosError(400, "session_already_available",
        "The request was malformed or contained invalid parameters", reason);
  }

  /** The session token a flow request carries: the session cookie for browser flows, X-Session-Token for API ones. */
  public String sessionToken(RoutingContext ctx, String type) {
    if (!Flow.BROWSER.equals(type)) {
      return ctx.request().getHeader("X-Session-Token");
    }
    var c = ctx.request().getCookie(settings.sessionCookieName());
    return c == null ? null : c.getValue();
  }

  /** A GET of a browser flow must come from the browser that started it (its CSRF cookie). */
  private void checkOwner(RoutingContext ctx, Flow f) {
    if (f.browser() && !csrf.verify(ctx, f.csrfToken())) {
      throw csrfError(ctx, null);
    }
  }

  /**
   * Submissions: browser flows need the form's CSRF token to match the cookie; API flows must not carry cookies or
   * an Origin (a browser must use a browser flow), as Kratos enforces.
   */
  public void checkSubmission(RoutingContext ctx, Flow f, String submittedToken) {
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

  /**
   * A submission to an expired flow: the new flow {@code replacement} (already holding the expiry message) is
   * answered as Kratos does, 410 with {@code use_flow_id} for JSON and a redirect to the form for browsers.
   */
  private void answerExpired(RoutingContext ctx, Flow expired, Flow replacement) {
    if (replacement.browser() && !wantsJson(ctx)) {
      redirect(ctx, settings.uiUrl(expired.kind()) + "?flow=" + replacement.id());
      return;
    }
    Duration ago = Duration.between(expired.expiresAt(), now());
    JsonObject err = new KratosError(410, "self_service_flow_expired", "self-service flow expired",
        String.format(java.util.Locale.ROOT, "The self-service flow expired %.2f minutes ago, initialize a new one.",
            ago.toMillis() / 60000.0)).body();
    Http.json(ctx, 410, new JsonObject().put("error", err).put("expired_at", expired.expiresAt().toString())
        .put("since", ago.toNanos()).put("use_flow_id", replacement.id().toString()));
  }

  /** After a failed submission: the flow with its messages, as JSON (400) or by sending the browser to its form. */
  private void answerFormError(RoutingContext ctx, Flow f, JsonObject flowJson) {
    if (f.browser() && !wantsJson(ctx)) {
      redirect(ctx, settings.uiUrl(f.kind()) + "?flow=" + f.id());
      return;
    }
    Http.json(ctx, 400, flowJson);
  }

  /** A new flow: browsers are sent to its form, API clients and JSON browsers get it. */
  private void answerCreated(RoutingContext ctx, Flow f, JsonObject flowJson) {
    if (f.browser() && !wantsJson(ctx)) {
      redirect(ctx, settings.uiUrl(f.kind()) + "?flow=" + f.id());
      return;
    }
    Http.json(ctx, 200, flowJson);
  }

  /** The common Kratos flow fields, with the flow's form as it was last stored. */
  public JsonObject flowJson(Flow f) {
    JsonObject o = new JsonObject().put("id", f.id().toString()).put("type", f.type())
        .put("expires_at", KratosJson.time(f.expiresAt())).put("issued_at", KratosJson.time(f.issuedAt()))
        .put("request_url", f.requestUrl());
    if (f.returnTo() != null) {
      o.put("return_to", f.returnTo());
    }
    return o.put("ui", f.ui()).put("state", f.state());
  }

  /** The handler of {@code GET /self-service/<kind>/flows}: the flow {@code fetch} finds, as JSON with 200. */
  public static io.vertx.core.Handler<RoutingContext> getFlow(Function<RoutingContext, Future<JsonObject>> fetch) {
    return Http.async(ctx -> fetch.apply(ctx).map(flow -> Http.ok(ctx, flow)));
  }

  /** Browsers that send {@code Accept: application/json} (single-page apps) get JSON instead of redirects. */
  public static boolean wantsJson(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("application/json");
  }

  public static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  public void setSessionCookie(RoutingContext ctx, String token, Instant expiresAt) {
    Cookie cookie = settings.cookies().cookie(settings.sessionCookieName(), token);
    if (settings.persistentSessionCookie()) {
      cookie.setMaxAge(Math.max(1, Duration.between(now(), expiresAt).getSeconds()));
    }
    ctx.response().addCookie(cookie);
  }

  public void clearSessionCookie(RoutingContext ctx) {
    ctx.response().addCookie(settings.cookies().cookie(settings.sessionCookieName(), "").setMaxAge(0));
  }

  /**
   * The submitted fields as JSON: a JSON body as it is, or a form ({@code traits.name.first=Ada}) turned into nested
   * objects, with trait values typed as the schema says (numbers, booleans), as Kratos decodes forms.
   */
  public static JsonObject submission(RoutingContext ctx, IdentitySchema schema) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return Http.body(ctx);
    }
    MultiMap form = ctx.request().formAttributes();
    JsonObject out = new JsonObject();
    for (String name : form.names()) {
      String value = form.get(name);
      JsonObject parent = out;
      String[] parts = name.split("\\.");
      for (int i = 0; i < parts.length - 1; i++) {
        Object child = parent.getValue(parts[i]);
        if (!(child instanceof JsonObject)) {
          child = new JsonObject();
          parent.put(parts[i], child);
        }
        parent = (JsonObject) child;
      }
      parent.put(parts[parts.length - 1], typed(schema, name, value));
    }
    return out;
  }

  private static Object typed(IdentitySchema schema, String name, String value) {
    if (schema == null || !name.startsWith("traits.")) {
      return value;
    }
    for (TraitPath p : schema.paths()) {
      if (p.name().equals(name)) {
        switch (p.type()) {
          case "number", "integer" -> {
            if (value.isEmpty()) {
              return null;
            }
            try {
              return p.type().equals("integer") ? (Object) Long.parseLong(value) : (Object) Double.parseDouble(value);
            } catch (NumberFormatException e) {
              return value;
            }
          }
          case "boolean" -> {
            return value.equals("true") || value.equals("on") || value.equals("1");
          }
          default -> {
            return value;
          }
        }
      }
    }
    return value;
  }

  /** Removes empty strings of optional traits, as browsers send every input. */
  public static JsonObject traits(JsonObject submission) {
    Object t = submission.getValue("traits");
    return t instanceof JsonObject o ? prune(o) : new JsonObject();
  }

  private static JsonObject prune(JsonObject o) {
    JsonObject out = new JsonObject();
    for (String k : o.fieldNames()) {
      Object v = o.getValue(k);
      if (v instanceof JsonObject child) {
        JsonObject p = prune(child);
        if (!p.isEmpty()) {
          out.put(k, p);
        }
      } else if (v != null && !"".equals(v)) {
        out.put(k, v);
      }
    }
    return out;
  }

  /** An identity's JSON, for flows that embed it (settings, registration). */
  public JsonObject identityJson(Identity i) {
    return json.identity(i);
  }

  /** Kratos' {@code continue_with} item that sends the browser to {@code url}. */
  static JsonObject continueWithRedirect(String url) {
    return new JsonObject().put("action", "redirect_browser_to").put("redirect_browser_to", url);
  }

  static JsonArray continueWithToken(String token) {
    return new JsonArray().add(new JsonObject().put("action", "set_ory_session_token")
        .put("ory_session_token", token));
  }
}
