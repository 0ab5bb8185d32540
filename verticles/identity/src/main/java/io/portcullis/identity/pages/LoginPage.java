package io.portcullis.identity.pages;

import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.login.LoginHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The login form, a "Forgot password?" link when recovery is enabled and, when registration is enabled, a link to
 * sign up (both keeping {@code return_to}); at the second step ({@code aal=aal2}) the code forms of the identity's
 * second factors, without those links.
 */
public final class LoginPage extends FlowPage {
  private final SelfService settings;

  public LoginPage(LoginHandler login, SelfService settings) {
    super("login", login::fetch);
    this.settings = settings;
  }

  @Override
  Future<String> content(RoutingContext ctx, Translations.Texts t, JsonObject flow) {
    // The second step (aal2) titles each method's form (authenticator app, recovery code) and offers no sign-up.
    boolean secondStep = "aal2".equals(flow.getString("requested_aal"));
    StringBuilder body = new StringBuilder(FlowForms.render(flow.getJsonObject("ui"), t,
        secondStep ? g -> t.text("login.group." + g) : null));
    body.append("<nav>");
    if (settings.flowEnabled("recovery") && !secondStep) {
      body.append("<a id=\"link-recovery\" href=\"").append(Html.url(settings.pagesUrl() + "/recovery"
          + Nav.returnTo(flow))).append("\">").append(Html.esc(t.text("login.forgot_password"))).append("</a> ");
    }
    if (settings.registrationEnabled() && !secondStep) {
      body.append(Html.esc(t.text("login.no_account"))).append(" <a id=\"link-registration\" href=\"")
          .append(Html.url(settings.pagesUrl() + "/registration" + Nav.returnTo(flow))).append("\">")
          .append(Html.esc(t.text("login.register"))).append("</a>");
    }
    body.append("</nav>\n");
    return Future.succeededFuture(body.toString());
  }
}
