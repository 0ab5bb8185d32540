package io.portcullis.identity.pages;

import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.registration.RegistrationHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The registration form and a link to sign in instead (keeping {@code return_to}). */
public final class RegistrationPage extends FlowPage {
  private final SelfService settings;

  public RegistrationPage(RegistrationHandler registration, SelfService settings) {
    super("registration", registration::fetch);
    this.settings = settings;
  }

  @Override
  Future<String> content(RoutingContext ctx, Translations.Texts t, JsonObject flow) {
    return Future.succeededFuture(FlowForms.render(flow.getJsonObject("ui"), t, null) + "<nav>"
        + Html.esc(t.text("registration.have_account")) + " <a id=\"link-login\" href=\""
        + Html.url(settings.pagesUrl() + "/login" + Nav.returnTo(flow)) + "\">" + Html.esc(t.text("registration.login"))
        + "</a></nav>\n");
  }
}
