package io.portcullis.identity.flow;

import io.portcullis.identity.api.Http;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.RedirectingError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * How flows answer, as Kratos does: JSON for API clients and for browsers that ask for it, a 303 redirect (to the
 * flow's form or onwards) for other browsers.
 */
public final class FlowAnswers {
  private final SelfService settings;

  FlowAnswers(SelfService settings) {
    this.settings = settings;
  }

  /** Browsers that send {@code Accept: application/json} (single-page apps) get JSON instead of redirects. */
  public static boolean wantsJson(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("application/json");
  }

  /** Kratos' {@code x.IsJSONRequest}: asks for JSON, or sends it. */
  public static boolean isJsonRequest(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return wantsJson(ctx) || type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /**
   * Kratos' answer where a step continues in the browser: a 303 to {@code url}, or for JSON clients the 422
   * {@code browser_location_change_required} with {@code redirect_browser_to}.
   */
  public static void redirectBrowser(RoutingContext ctx, String url) {
    if (wantsJson(ctx)) {
      Http.json(ctx, 422, RedirectingError.locationChange(url).toJson());
    } else {
      redirect(ctx, url);
    }
  }

  /** Kratos' {@code x.IsBrowserRequest}: an HTML navigation, or a client that states no preference. */
  public static boolean isBrowserRequest(RoutingContext ctx) {
    return !wantsJson(ctx);
  }

  public static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  /** The handler of {@code GET /self-service/<kind>/flows}: the flow {@code fetch} finds, as JSON with 200. */
  public static Handler<RoutingContext> getFlow(Function<RoutingContext, Future<JsonObject>> fetch) {
    return Http.async(ctx -> fetch.apply(ctx).map(flow -> Http.ok(ctx, flow)));
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

  /** A new flow: browsers are sent to its form, API clients and JSON browsers get it. */
  void created(RoutingContext ctx, Flow f, JsonObject flowJson) {
    if (f.browser() && !wantsJson(ctx)) {
      redirect(ctx, settings.uiUrl(f.kind()) + "?flow=" + f.id());
      return;
    }
    Http.json(ctx, 200, flowJson);
  }

  /** After a failed submission: the flow with its messages, as JSON (400) or by sending the browser to its form. */
  void formError(RoutingContext ctx, Flow f, JsonObject flowJson) {
    if (f.browser() && !wantsJson(ctx)) {
      redirect(ctx, settings.uiUrl(f.kind()) + "?flow=" + f.id());
      return;
    }
    Http.json(ctx, 400, flowJson);
  }

  /**
   * A submission to an expired flow: the new flow {@code replacement} (already holding the expiry message) is
   * answered as Kratos does, 410 with {@code use_flow_id} for JSON and a redirect to the form for browsers.
   */
  void expired(RoutingContext ctx, Flow expired, Flow replacement) {
    if (replacement.browser() && !wantsJson(ctx)) {
      redirect(ctx, settings.uiUrl(expired.kind()) + "?flow=" + replacement.id());
      return;
    }
    Duration ago = Duration.between(expired.expiresAt(), Flow.now());
    JsonObject err = new KratosError(410, "self_service_flow_expired", "self-service flow expired",
        String.format(Locale.ROOT, "The self-service flow expired %.2f minutes ago, initialize a new one.",
            ago.toMillis() / 60000.0)).body();
    Http.json(ctx, 410, new JsonObject().put("error", err).put("expired_at", expired.expiresAt().toString())
        .put("since", ago.toNanos()).put("use_flow_id", replacement.id().toString()));
  }
}
