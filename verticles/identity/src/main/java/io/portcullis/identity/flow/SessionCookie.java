package io.portcullis.identity.flow;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * The session cookie ({@code session.cookie.*}): set when a browser flow logs someone in, removed at logout, and how
 * a flow finds the session of whoever starts it.
 */
public final class SessionCookie {
  private final SelfService settings;

  SessionCookie(SelfService settings) {
    this.settings = settings;
  }

  /** The session token a flow request carries: the session cookie for browser flows, X-Session-Token for API ones. */
  public String token(RoutingContext ctx, String flowType) {
    if (!Flow.BROWSER.equals(flowType)) {
      return ctx.request().getHeader("X-Session-Token");
    }
    var c = ctx.request().getCookie(settings.sessionCookieName());
    return c == null ? null : c.getValue();
  }

  /** Sets the cookie holding {@code token}; persistent cookies expire with the session. */
  public void set(RoutingContext ctx, String token, Instant expiresAt) {
    Cookie cookie = settings.cookies().cookie(settings.sessionCookieName(), token);
    if (settings.persistentSessionCookie()) {
      cookie.setMaxAge(Math.max(1, Duration.between(Flow.now(), expiresAt).getSeconds()));
    }
    ctx.response().addCookie(cookie);
  }

  public void clear(RoutingContext ctx) {
    ctx.response().addCookie(settings.cookies().cookie(settings.sessionCookieName(), "").setMaxAge(0));
  }
}
