package io.portcullis.identity.pages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Produces the HTML of the pages from Kratos-shaped JSON (a session, an error; a flow's content comes from its
 * {@link FlowPage}), so what the pages show is exactly what the API says. Every value is escaped ({@link Html}).
 */
final class PageRenderer {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);
  private final PageLayout layout;
  private final String pagesUrl;

  PageRenderer(PageLayout layout, String pagesUrl) {
    this.layout = layout;
    this.pagesUrl = pagesUrl;
  }

  /** The page of a flow: its title ({@code <kind>.title}) above {@code content}. */
  String flowPage(Translations.Texts t, String kind, String content) {
    return layout.page(t, t.text(kind + ".title"), pagesUrl + "/welcome", content);
  }

  /**
   * Who is signed in (traits), their sessions with a form to sign the others out, links to settings and logout.
   *
   * @param session Kratos' session JSON with its identity
   * @param sessions the identity's active sessions (Kratos' session JSON)
   */
  String welcome(Translations.Texts t, JsonObject session, JsonArray sessions, String csrfToken, String logoutUrl,
      Integer revoked) {
    StringBuilder b = new StringBuilder();
    if (revoked != null) {
      b.append("<div class=\"alert success\" role=\"status\" id=\"revoked\">")
          .append(Html.esc(t.text("welcome.revoked", revoked))).append("</div>\n");
    }
    JsonObject identity = session.getJsonObject("identity", new JsonObject());
    b.append("<p>").append(Html.esc(t.text("welcome.signed_in_as"))).append("</p>\n<h2>")
        .append(Html.esc(t.text("welcome.details"))).append("</h2>\n<dl id=\"traits\">");
    traits(b, "", identity.getJsonObject("traits", new JsonObject()));
    b.append("</dl>\n<h2>").append(Html.esc(t.text("welcome.sessions"))).append("</h2>\n<ul class=\"sessions\" "
        + "id=\"sessions\">");
    String current = session.getString("id");
    int others = 0;
    for (Object o : sessions) {
      JsonObject s = (JsonObject) o;
      boolean mine = s.getString("id", "").equals(current);
      others += mine ? 0 : 1;
      b.append("<li data-session-id=\"").append(Html.esc(s.getString("id"))).append("\"><strong>")
          .append(Html.esc(t.text(mine ? "welcome.session.this" : "welcome.session.other"))).append("</strong><br>")
          .append("<span class=\"muted\">").append(Html.esc(t.text("welcome.session.since",
              when(s.getString("authenticated_at"))))).append(device(s)).append("</span></li>");
    }
    b.append("</ul>\n");
    if (others > 0) {
      b.append("<form action=\"").append(Html.url(pagesUrl + "/sessions/revoke-others"))
          .append("\" method=\"post\" enctype=\"application/x-www-form-urlencoded\">")
          .append("<input type=\"hidden\" name=\"csrf_token\" value=\"").append(Html.esc(csrfToken)).append("\">")
          .append("<button type=\"submit\" class=\"secondary\" id=\"revoke-others\">")
          .append(Html.esc(t.text("welcome.revoke_others"))).append("</button></form>\n");
    } else {
      b.append("<p class=\"muted\">").append(Html.esc(t.text("welcome.no_others"))).append("</p>\n");
    }
    b.append(Nav.of(List.of(new Nav.Link("link-settings", pagesUrl + "/settings", t.text("nav.settings")),
        new Nav.Link("link-logout", logoutUrl, t.text("nav.logout")))));
    return layout.page(t, t.text("welcome.title"), pagesUrl + "/welcome", b.toString());
  }

  /**
   * An error in Kratos' shape ({@code {code, status, message, reason, id}}): a text by its id when there is one, the
   * error's own words otherwise, and a way back.
   */
  String error(Translations.Texts t, JsonObject error, String errorId, String retryUrl) {
    StringBuilder b = new StringBuilder("<div class=\"alert error\" role=\"alert\" id=\"error-message\">");
    String id = error == null ? null : error.getString("id");
    String known = id == null ? null : t.text("error." + id);
    if (error == null) {
      b.append("<p>").append(Html.esc(t.text("error.not_found"))).append("</p>");
    } else if (known != null && !known.equals("error." + id)) {
      b.append("<p>").append(Html.esc(known)).append("</p>");
    } else {
      b.append("<p>").append(Html.esc(error.getString("message", t.text("error.generic")))).append("</p>");
      if (error.getString("reason") != null) {
        b.append("<p class=\"muted\">").append(Html.esc(error.getString("reason"))).append("</p>");
      }
    }
    b.append("</div>\n");
    if (errorId != null) {
      b.append("<p class=\"muted\">").append(Html.esc(t.text("error.id"))).append(": <code>").append(Html.esc(errorId))
          .append("</code></p>\n");
    }
    b.append("<p><a id=\"link-retry\" href=\"").append(Html.url(retryUrl)).append("\">")
        .append(Html.esc(t.text("error.retry"))).append("</a></p>\n");
    return layout.page(t, t.text("error.title"), pagesUrl + "/welcome", b.toString());
  }

  private static void traits(StringBuilder b, String prefix, JsonObject traits) {
    for (String k : traits.fieldNames()) {
      Object v = traits.getValue(k);
      if (v instanceof JsonObject o) {
        traits(b, prefix + k + ".", o);
      } else {
        b.append("<dt>").append(Html.esc(prefix + k)).append("</dt><dd data-trait=\"").append(Html.esc(prefix + k))
            .append("\">").append(Html.esc(v instanceof JsonArray a ? String.join(", ", a.stream().map(String::valueOf)
                .toList()) : v)).append("</dd>");
      }
    }
  }

  private static String device(JsonObject s) {
    JsonArray devices = s.getJsonArray("devices", new JsonArray());
    if (devices.isEmpty()) {
      return "";
    }
    JsonObject d = devices.getJsonObject(0);
    String ua = d.getString("user_agent", "");
    String ip = d.getString("ip_address", "");
    String text = (ua.length() > 80 ? ua.substring(0, 80) + "…" : ua) + (ip.isEmpty() ? "" : " · " + ip);
    return text.isBlank() ? "" : "<br>" + Html.esc(text);
  }

  private static String when(String instant) {
    if (instant == null) {
      return "";
    }
    try {
      return WHEN.format(java.time.Instant.parse(instant));
    } catch (java.time.format.DateTimeParseException e) {
      return instant;
    }
  }
}
