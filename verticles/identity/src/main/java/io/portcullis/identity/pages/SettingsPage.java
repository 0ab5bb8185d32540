package io.portcullis.identity.pages;

import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.logout.LogoutHandler;
import io.portcullis.identity.flow.settings.SettingsHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** One titled form per method group (profile, password), then links home and to sign out. Needs a session. */
public final class SettingsPage extends FlowPage {
  private final SelfService settings;
  private final LogoutLink logout;

  public SettingsPage(SettingsHandler handler, LogoutHandler logout, SelfService settings) {
    super("settings", handler::fetch);
    this.settings = settings;
    this.logout = new LogoutLink(logout);
  }

  @Override
  Future<String> content(RoutingContext ctx, Translations.Texts t, JsonObject flow) {
    return logout.of(ctx).map(logoutUrl -> FlowForms.render(flow.getJsonObject("ui"), t,
            g -> t.text("settings.group." + g))
        + Nav.of(List.of(new Nav.Link("link-welcome", settings.pagesUrl() + "/welcome", t.text("nav.home")),
            new Nav.Link("link-logout", logoutUrl, t.text("nav.logout")))));
  }

  @Override
  boolean signInFirst() {
    return true;
  }
}
