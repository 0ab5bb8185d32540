package io.portcullis.identity.flow.logout;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.api.SessionsApi;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.session.SessionTokens;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Logout: browsers ask for a logout URL carrying a one-time logout token and follow it; native apps send their
 * session token. Both revoke the session (with its revocation event) and browsers lose the cookie.
 */
public final class LogoutHandler implements FlowEndpoints {
  private final FlowKit kit;
  private final SessionService sessions;
  private final SessionsApi sessionsApi;

  public LogoutHandler(FlowKit kit, SessionService sessions, SessionsApi sessionsApi) {
    this.kit = kit;
    this.sessions = sessions;
    this.sessionsApi = sessionsApi;
  }

  @Override
  public void mount(Router r) {
    r.get("/self-service/logout/browser").handler(Http.async(this::createBrowser));
    r.get("/self-service/logout").handler(Http.async(this::logoutBrowser));
    r.delete("/self-service/logout/api").handler(Http.async(this::logoutApi));
  }

  private Future<?> createBrowser(RoutingContext ctx) {
    return logoutUrl(ctx).map(body -> Http.ok(ctx, body));
  }

  /** {@code {logout_token, logout_url}} for the browser's session cookie, as {@code /self-service/logout/browser}. */
  public Future<JsonObject> logoutUrl(RoutingContext ctx) {
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    var cookie = ctx.request().getCookie(kit.settings().sessionCookieName());
    return sessions.authenticate(cookie == null ? null : cookie.getValue()).compose(s -> {
      if (s.isEmpty()) {
        throw KratosError.noSession();
      }
      // Derived from the session token, so every call (every tab) gets the same URL, as with Kratos.
      return sessions.logoutToken(s.get().id(), cookie.getValue()).map(token -> {
        String url = kit.settings().publicBaseUrl() + "/self-service/logout?token=" + token
            + (returnTo == null ? "" : "&return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
        return new JsonObject().put("logout_token", token).put("logout_url", url);
      });
    });
  }

  /**
   * Follows a logout URL. As Kratos, the request must carry the session the token was issued for: without a session
   * it is a 401, with another session a 403, so a leaked or forged logout link cannot end someone else's session.
   */
  private Future<?> logoutBrowser(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    if (token == null || token.isEmpty()) {
      throw KratosError.badRequest("Please include a token in the URL query.");
    }
    return sessionsApi.current(ctx).compose(current -> sessions.store()
        .findByLogoutTokenHash(sessions.pool(), SessionTokens.hash(token)).compose(owner -> {
          if (owner.isEmpty() || !owner.get().id().equals(current.id())) {
            throw KratosError.forbidden(null, "Unable to log out because the "
                + "logout token in the URL query does not match the session cookie.");
          }
          return sessions.logout(current, ClientInfo.of(ctx.request()));
        })).map(done -> {
          kit.sessionCookie().clear(ctx);
          if (FlowAnswers.wantsJson(ctx)) {
            Http.noContent(ctx);
          } else {
            FlowAnswers.redirect(ctx, returnTo != null ? returnTo : kit.settings().afterUrl("logout", ""));
          }
          return null;
        });
  }

  private Future<?> logoutApi(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String token = body.getString("session_token");
    if (token == null || token.isEmpty()) {
      throw KratosError.badRequest("The session_token field is required.");
    }
    return sessions.authenticate(token).compose((Optional<Session> s) -> {
      if (s.isEmpty()) {
        throw KratosError.forbidden(null,
            "The provided Ory Session Token could not be found, is invalid, or otherwise malformed.");
      }
      return sessions.logout(s.get(), ClientInfo.of(ctx.request()));
    }).map(x -> {
      Http.noContent(ctx);
      return null;
    });
  }
}
