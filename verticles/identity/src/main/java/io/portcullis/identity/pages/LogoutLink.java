package io.portcullis.identity.pages;

import io.portcullis.identity.flow.logout.LogoutHandler;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** The visitor's logout URL for the pages' "Sign out" links; null when there is none (no session). */
final class LogoutLink {
  private final LogoutHandler logout;

  LogoutLink(LogoutHandler logout) {
    this.logout = logout;
  }

  Future<String> of(RoutingContext ctx) {
    try {
      return logout.logoutUrl(ctx).map(j -> j.getString("logout_url")).otherwise((String) null);
    } catch (KratosError e) {
      return Future.succeededFuture(null);
    }
  }
}
