package io.portcullis.identity.pages;

import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.verification.VerificationHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The verification page: the e-mail form, then "check your e-mail" with the code entry, and after success the
 * Continue link the flow carries.
 */
public final class VerificationPage extends FlowPage {
  private final SelfService settings;

  public VerificationPage(VerificationHandler verification, SelfService settings) {
    super("verification", verification::fetch);
    this.settings = settings;
  }

  @Override
  Future<String> content(RoutingContext ctx, Translations.Texts t, JsonObject flow) {
    StringBuilder body = new StringBuilder();
    if ("sent_email".equals(flow.getString("state"))) {
      body.append("<p id=\"verification-sent\" class=\"muted\">").append(Html.esc(t.text("verification.sent")))
          .append("</p>\n");
    }
    body.append(FlowForms.render(flow.getJsonObject("ui"), t, null));
    if (!"passed_challenge".equals(flow.getString("state"))) {
      body.append(Nav.of(List.of(new Nav.Link("link-welcome", settings.pagesUrl() + "/welcome", t.text("nav.home")))));
    }
    return Future.succeededFuture(body.toString());
  }
}
