package io.portcullis.identity.pages;

import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.recovery.RecoveryHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The recovery page: the e-mail form, then "check your e-mail" with the code entry (code method) or the form to send
 * the link again (link method), and a way back to sign in.
 */
public final class RecoveryPage extends FlowPage {
  private final SelfService settings;

  public RecoveryPage(RecoveryHandler recovery, SelfService settings) {
    super("recovery", recovery::fetch);
    this.settings = settings;
  }

  @Override
  Future<String> content(RoutingContext ctx, Translations.Texts t, JsonObject flow) {
    boolean sent = "sent_email".equals(flow.getString("state"));
    return Future.succeededFuture("<p id=\"recovery-" + (sent ? "sent" : "intro") + "\" class=\"muted\">"
        + Html.esc(t.text(sent ? "recovery.sent" : "recovery.intro")) + "</p>\n"
        + FlowForms.render(flow.getJsonObject("ui"), t, null)
        + Nav.of(List.of(new Nav.Link("link-login", settings.pagesUrl() + "/login" + Nav.returnTo(flow),
            t.text("recovery.login")))));
  }
}
