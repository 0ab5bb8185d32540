package io.portcullis.identity.pages;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The navigation line under a page's content, and how links to another flow keep the flow's return URL. */
final class Nav {
  /** A link; one without {@code href} (e.g. no logout URL) is left out. */
  record Link(String id, String href, String text) {
  }

  private Nav() {
  }

  static String of(List<Link> links) {
    StringBuilder b = new StringBuilder("<nav>");
    for (Link l : links) {
      if (l.href() != null) {
        b.append("<a id=\"").append(Html.esc(l.id())).append("\" href=\"").append(Html.url(l.href())).append("\">")
            .append(Html.esc(l.text())).append("</a>");
      }
    }
    return b.append("</nav>\n").toString();
  }

  /** {@code ?return_to=...} of the flow's {@code return_to}, or nothing. */
  static String returnTo(JsonObject flow) {
    String r = flow.getString("return_to");
    return r == null || r.isEmpty() ? "" : "?return_to=" + URLEncoder.encode(r, StandardCharsets.UTF_8);
  }
}
