package io.portcullis.rules.template;

import java.util.List;
import java.util.Map;

/** One execution of a document: the output, the HTML context it is in (null for text), the named templates. */
final class Rendering {
  /** Go's limit is 100000; a mail template that nests deeper than this is a mistake, not a design. */
  static final int MAX_DEPTH = 100;

  private final StringBuilder out = new StringBuilder();
  private final HtmlContext html;
  private final Map<String, List<Node>> templates;
  private int depth;

  Rendering(HtmlContext html, Map<String, List<Node>> templates) {
    this.html = html;
    this.templates = templates;
  }

  void text(String text) {
    out.append(text);
    if (html != null) {
      html.advance(text);
    }
  }

  /** A printed value, escaped for where it lands when the document is HTML. */
  void value(String value) {
    out.append(html == null ? value : html.escape(value));
  }

  void call(String name, Object data) {
    if (++depth > MAX_DEPTH) {
      throw new IllegalStateException("template \"" + name + "\" nests deeper than " + MAX_DEPTH + " calls");
    }
    Scope scope = new Scope(data);
    scope.declare("$", data);
    Node.renderAll(templates.get(name), this, scope);
    depth--;
  }

  String result() {
    return out.toString();
  }
}
