package io.portcullis.identity.pages;

import io.portcullis.identity.api.SessionsApi;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.error.ErrorFlowHandler;
import io.portcullis.identity.flow.logout.LogoutHandler;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.portcullis.kafka.events.RevocationCause;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Portcullis' self-service pages on the public port under {@code ui.base_path} (default {@code /ui}): one page per
 * flow it is given ({@link FlowPage}: login, registration, settings), the error page and a welcome page with the
 * visitor's sessions. Flows are loaded in-process through the same code as {@code GET /self-service/<flow>/flows}
 * (CSRF-cookie owner check included) and rendered from their {@code ui} nodes; the forms post straight to the flow's
 * {@code ui.action}.
 */
public final class Pages {
  private static final Logger LOG = LoggerFactory.getLogger(Pages.class);
  private final String basePath;
  private final SelfService selfService;
  private final FlowKit kit;
  private final List<FlowPage> flowPages;
  private final LogoutLink logout;
  private final SessionsApi sessionsApi;
  private final SessionService sessions;
  private final KratosJson json;
  private final ErrorFlowHandler errors;
  private final Translations translations;
  private final PageRenderer renderer;
  private final String contentSecurityPolicy;

  public Pages(FlowKit kit, List<FlowPage> flowPages, LogoutHandler logout, SessionsApi sessionsApi,
      SessionService sessions, ErrorFlowHandler errors) {
    var ui = kit.settings().config().ui();
    this.basePath = ui.basePath();
    this.selfService = kit.settings();
    this.kit = kit;
    this.flowPages = List.copyOf(flowPages);
    this.logout = new LogoutLink(logout);
    this.sessionsApi = sessionsApi;
    this.sessions = sessions;
    this.json = kit.json();
    this.errors = errors;
    this.translations = Translations.load(ui.translations());
    this.renderer = new PageRenderer(new PageLayout(Branding.of(ui)), selfService.pagesUrl());
    // No scripts but the WebAuthn helper, when a method needs it; forms may post to a configured ui.action and
    // follow its redirects, so no form-action.
    boolean keys = selfService.methodEnabled("webauthn") || selfService.methodEnabled("passkey");
    String self = selfService.selfPublicUrl();
    this.contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; "
        + (keys ? "script-src " + self.substring(0, self.length() - (self.endsWith("/") ? 1 : 0))
            + "/.well-known/ory/webauthn.js; " : "")
        + "frame-ancestors 'none'; base-uri 'none'";
  }

  public void mount(Router r) {
    r.get(basePath).handler(ctx -> FlowAnswers.redirect(ctx, selfService.pagesUrl() + "/welcome"));
    r.get(basePath + "/").handler(ctx -> FlowAnswers.redirect(ctx, selfService.pagesUrl() + "/welcome"));
    for (FlowPage page : flowPages) {
      r.get(basePath + "/" + page.kind).handler(ctx -> flowPage(ctx, page));
    }
    r.get(basePath + "/welcome").handler(this::welcome);
    r.post(basePath + "/sessions/revoke-others").handler(this::revokeOthers);
    r.get(basePath + "/error").handler(this::errorPage);
  }

  private Translations.Texts texts(RoutingContext ctx) {
    return translations.of(LanguageChooser.choose(ctx.request().getHeader("Accept-Language"),
        translations.languages()));
  }

  /**
   * Without {@code ?flow=} a new browser flow is started (keeping {@code return_to}); with one it is rendered. A flow
   * that is gone or expired starts a new one, as Kratos' reference UI does; other errors get the error page.
   */
  private void flowPage(RoutingContext ctx, FlowPage page) {
    String kind = page.kind;
    String flowId = ctx.request().getParam("flow");
    if (flowId == null || flowId.isEmpty()) {
      FlowAnswers.redirect(ctx, init(kind, ctx.request().getParam("return_to")));
      return;
    }
    Future<JsonObject> flow;
    try {
      flow = page.fetch.apply(ctx);
    } catch (RuntimeException e) {
      flow = Future.failedFuture(e);
    }
    flow.onSuccess(f -> {
      Translations.Texts t = texts(ctx);
      page.content(ctx, t, f).onSuccess(content -> html(ctx, 200, renderer.flowPage(t, kind, content)))
          .onFailure(e -> showError(ctx, e, init(kind, null)));
    }).onFailure(t -> {
      if (t instanceof KratosError e && (e.code() == 404 || e.code() == 410 || e.code() == 400)) {
        String returnTo = e.code() == 410 && e.body().getJsonObject("details") != null
            ? e.body().getJsonObject("details").getString("return_to") : ctx.request().getParam("return_to");
        FlowAnswers.redirect(ctx, init(kind, returnTo));
      } else if (t instanceof KratosError e && e.code() == 401 && page.signInFirst()) {
        FlowAnswers.redirect(ctx, init("login", selfService.pagesUrl() + "/" + kind));
      } else {
        showError(ctx, t, init(kind, null));
      }
    });
  }

  /** The signed-in visitor and their sessions; without a session, the login page (coming back here). */
  private void welcome(RoutingContext ctx) {
    sessionsApi.current(ctx).compose(s -> sessions.store().list(sessions.pool(), s.identityId(), true, 100, null,
            sessions.now())
        .compose(page -> logout.of(ctx).map(url -> {
          JsonArray all = new JsonArray();
          page.sessions().forEach(x -> all.add(json.session(x)));
          Integer revoked = revokedParam(ctx);
          return renderer.welcome(texts(ctx), json.session(s), all, kit.csrf().formToken(ctx), url, revoked);
        })))
        .onSuccess(page -> html(ctx, 200, page))
        .onFailure(t -> {
          if (t instanceof KratosError e && e.code() == 401) {
            FlowAnswers.redirect(ctx, init("login", null));
          } else {
            showError(ctx, t, selfService.pagesUrl() + "/welcome");
          }
        });
  }

  /** Signs out every other session of the visitor (the CSRF token of the welcome page must match). */
  private void revokeOthers(RoutingContext ctx) {
    if (!kit.csrf().verify(ctx, ctx.request().getFormAttribute("csrf_token"))) {
      showError(ctx, new KratosError(403, "security_csrf_violation",
          "the request was rejected to protect you from Cross-Site-Request-Forgery",
          "The form's anti-CSRF token did not match the cookie."), selfService.pagesUrl() + "/welcome");
      return;
    }
    sessionsApi.current(ctx)
        .compose(s -> sessions.revokeAll(s.identityId(), s.id(), RevocationCause.REVOKE_ALL,
            ClientInfo.of(ctx.request())))
        .onSuccess(n -> FlowAnswers.redirect(ctx, selfService.pagesUrl() + "/welcome?revoked=" + n))
        .onFailure(t -> {
          if (t instanceof KratosError e && e.code() == 401) {
            FlowAnswers.redirect(ctx, init("login", null));
          } else {
            showError(ctx, t, selfService.pagesUrl() + "/welcome");
          }
        });
  }

  private void errorPage(RoutingContext ctx) {
    String id = ctx.request().getParam("id");
    errors.find(id).onComplete(r -> {
      // The stored flow error is {id, error: {Kratos' error}, created_at, ...}: the page shows the error inside.
      JsonObject stored = r.succeeded() ? r.result().orElse(null) : null;
      JsonObject error = stored == null ? null : stored.getJsonObject("error");
      html(ctx, error == null ? 404 : 200, renderer.error(texts(ctx), error, error == null ? null : id,
          selfService.pagesUrl() + "/welcome"));
    });
  }

  private void showError(RoutingContext ctx, Throwable t, String retryUrl) {
    if (ctx.response().ended()) {
      return;
    }
    KratosError e = t instanceof KratosError k ? k : null;
    if (e == null) {
      LOG.error("identity page {} failed", ctx.request().path(), t);
      e = KratosError.internal("The request could not be completed; the server log has the cause.");
    }
    html(ctx, e.code(), renderer.error(texts(ctx), e.body(), null, retryUrl));
  }

  private String init(String kind, String returnTo) {
    return selfService.browserUrl(kind, returnTo == null || returnTo.isEmpty() ? null : returnTo);
  }

  private static Integer revokedParam(RoutingContext ctx) {
    String v = ctx.request().getParam("revoked");
    try {
      return v == null ? null : Integer.valueOf(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void html(RoutingContext ctx, int status, String page) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy", contentSecurityPolicy)
        .putHeader("Referrer-Policy", "no-referrer")
        .end(page);
  }
}
