package io.portcullis.identity.pages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders a flow's {@code ui} (Kratos' uiContainer JSON) as plain HTML forms, generically from its nodes as
 * kratos-selfservice-ui-node does: a new trait in the schema or a new method shows up without changes here. Each
 * method group gets its own form (with the "default" group's nodes, e.g. CSRF and the identifier); every input has a
 * label tied to it, messages tied with {@code aria-describedby}, {@code aria-invalid} on errors, and the first field
 * with an error gets the focus ({@code autofocus}, no script needed).
 */
final class FlowForms {
  static final String FLOW_MESSAGES_ID = "flow-messages";

  private FlowForms() {
  }

  /** Renders {@code ui}; {@code groupTitle} names a group's form when there are several (null: no headings). */
  static String render(JsonObject ui, Translations.Texts t, java.util.function.Function<String, String> groupTitle) {
    JsonArray nodes = ui.getJsonArray("nodes", new JsonArray());
    JsonArray flowMessages = ui.getJsonArray("messages", new JsonArray());
    boolean flowError = hasError(flowMessages);
    StringBuilder h = new StringBuilder();
    if (!flowMessages.isEmpty()) {
      h.append("<div id=\"").append(FLOW_MESSAGES_ID).append("\" class=\"alert ").append(flowError ? "error" : "info")
          .append("\" role=\"").append(flowError ? "alert" : "status").append("\">");
      for (Object m : flowMessages) {
        h.append("<p class=\"msg\" data-message-id=\"").append(Html.esc(((JsonObject) m).getValue("id"))).append("\">")
            .append(Html.esc(t.message((JsonObject) m))).append("</p>");
      }
      h.append("</div>\n");
    }
    Set<String> groups = new LinkedHashSet<>();
    for (Object o : nodes) {
      JsonObject n = (JsonObject) o;
      String g = n.getString("group", "default");
      if ("script".equals(n.getString("type"))) {
        // Scripts (webauthn.js) serve the whole page, not one form.
        node(h, n, new Form(t, flowError, new Focus(null), null));
      } else if (!g.equals("default")) {
        groups.add(g);
      }
    }
    if (groups.isEmpty()) {
      groups.add("default");
    }
    Focus focus = new Focus(firstErrorField(nodes, flowError));
    for (String group : groups) {
      List<JsonObject> members = new ArrayList<>();
      for (Object o : nodes) {
        JsonObject n = (JsonObject) o;
        String g = n.getString("group", "default");
        if ((g.equals(group) || g.equals("default")) && !"script".equals(n.getString("type"))) {
          members.add(n);
        }
      }
      h.append("<section class=\"group\" data-group=\"").append(Html.esc(group)).append("\">\n");
      if (groups.size() > 1 && groupTitle != null) {
        h.append("<h2>").append(Html.esc(groupTitle.apply(group))).append("</h2>\n");
      }
      h.append("<form action=\"").append(Html.url(ui.getString("action"))).append("\" method=\"")
          .append(Html.esc(ui.getString("method", "POST").toLowerCase(java.util.Locale.ROOT)))
          .append("\" enctype=\"application/x-www-form-urlencoded\" novalidate>\n");
      Form form = new Form(t, flowError, focus, groups.size() > 1 ? group : null);
      for (JsonObject n : members) {
        node(h, n, form);
      }
      h.append("</form>\n</section>\n");
    }
    return h.toString();
  }

  /**
   * What every node of one form is rendered with.
   *
   * @param flowError whether the flow has an error message (it then concerns every field typed in)
   * @param group the group whose form this is when the flow has several (ids are prefixed with it), else null
   */
  private record Form(Translations.Texts texts, boolean flowError, Focus focus, String group) {
  }

  /** Which input gets {@code autofocus}: the first with an error, else the first visible one. Set once. */
  private static final class Focus {
    private String name;
    private boolean used;

    Focus(String name) {
      this.name = name;
    }

    boolean take(String candidate) {
      if (used) {
        return false;
      }
      if (name == null || name.equals(candidate)) {
        used = true;
        return true;
      }
      return false;
    }
  }

  private static String firstErrorField(JsonArray nodes, boolean flowError) {
    for (Object o : nodes) {
      JsonObject n = (JsonObject) o;
      if (typed(n) && (hasError(n.getJsonArray("messages", new JsonArray())) || flowError)) {
        return n.getJsonObject("attributes").getString("name");
      }
    }
    return null;
  }

  /** A visible input a person types into (what a flow-level error such as wrong credentials is about). */
  private static boolean typed(JsonObject n) {
    if (!"input".equals(n.getString("type"))) {
      return false;
    }
    String type = n.getJsonObject("attributes", new JsonObject()).getString("type", "text");
    return !(type.equals("hidden") || type.equals("submit") || type.equals("button") || type.equals("checkbox"));
  }

  private static String trigger(String attribute, String function) {
    return function == null || function.isEmpty() ? "" : " " + attribute + "=\"" + Html.esc(function) + "\"";
  }

  private static boolean hasError(JsonArray messages) {
    for (Object m : messages) {
      if ("error".equals(((JsonObject) m).getString("type"))) {
        return true;
      }
    }
    return false;
  }

  private static void node(StringBuilder h, JsonObject n, Form form) {
    JsonObject a = n.getJsonObject("attributes", new JsonObject());
    Translations.Texts t = form.texts();
    switch (n.getString("type", "")) {
      case "input" -> input(h, n, form);
      case "text" -> {
        text(h, n, form);
        messages(h, null, n.getJsonArray("messages", new JsonArray()), t);
      }
      case "a" -> h.append("<p><a id=\"").append(Html.esc(id(form.group(), a.getString("id", ""))))
          .append("\" href=\"").append(Html.url(a.getString("href"))).append("\">")
          .append(Html.esc(t.message(a.getJsonObject("title")))).append("</a></p>\n");
      case "img" -> image(h, n, form);
      case "script" -> h.append("<script src=\"").append(Html.url(a.getString("src"))).append("\" integrity=\"")
          .append(Html.esc(a.getString("integrity", ""))).append("\" crossorigin=\"anonymous\" "
              + "referrerpolicy=\"no-referrer\" async></script>\n");
      default -> {
        // Kratos' div node belongs to a method not implemented here (captcha).
      }
    }
  }

  /**
   * A text node under its label: the TOTP secret as code, the recovery codes (whose context lists one message per
   * code) as a list, other texts as a paragraph.
   */
  private static void text(StringBuilder h, JsonObject n, Form form) {
    JsonObject a = n.getJsonObject("attributes", new JsonObject());
    Translations.Texts t = form.texts();
    JsonObject text = a.getJsonObject("text", new JsonObject());
    String id = Html.esc(id(form.group(), a.getString("id", "")));
    JsonObject label = n.getJsonObject("meta", new JsonObject()).getJsonObject("label");
    if (label != null) {
      h.append("<p class=\"label\">").append(Html.esc(t.message(label))).append("</p>\n");
    }
    JsonObject context = text.getJsonObject("context", new JsonObject());
    if (context.getValue("secrets") instanceof JsonArray secrets) {
      h.append("<ul id=\"").append(id).append("\" class=\"codes\">");
      for (Object m : secrets) {
        h.append("<li><code>").append(Html.esc(t.message((JsonObject) m))).append("</code></li>");
      }
      h.append("</ul>\n");
    } else if (context.containsKey("secret")) {
      h.append("<p id=\"").append(id).append("\"><code>").append(Html.esc(t.message(text))).append("</code></p>\n");
    } else {
      h.append("<p id=\"").append(id).append("\">").append(Html.esc(t.message(text))).append("</p>\n");
    }
  }

  /** An image node (the TOTP QR code): only a PNG data URL is shown, as no other source is ever sent. */
  private static void image(StringBuilder h, JsonObject n, Form form) {
    JsonObject a = n.getJsonObject("attributes", new JsonObject());
    String src = a.getString("src", "");
    if (!src.startsWith("data:image/png;base64,") || !src.substring(22).matches("[A-Za-z0-9+/=]*")) {
      return;
    }
    String label = form.texts().message(n.getJsonObject("meta", new JsonObject()).getJsonObject("label"));
    h.append("<figure><img id=\"").append(Html.esc(id(form.group(), a.getString("id", "")))).append("\" src=\"")
        .append(src).append("\" width=\"").append(a.getInteger("width", 256)).append("\" height=\"")
        .append(a.getInteger("height", 256)).append("\" alt=\"").append(Html.esc(label)).append("\"><figcaption>")
        .append(Html.esc(label)).append("</figcaption></figure>\n");
  }

  private static void input(StringBuilder h, JsonObject n, Form form) {
    JsonObject a = n.getJsonObject("attributes", new JsonObject());
    JsonObject meta = n.getJsonObject("meta", new JsonObject());
    JsonArray messages = n.getJsonArray("messages", new JsonArray());
    Translations.Texts t = form.texts();
    boolean flowError = form.flowError();
    String name = a.getString("name", "");
    String type = a.getString("type", "text");
    Object value = a.getValue("value");
    JsonObject label = meta.getJsonObject("label");
    if (label == null) {
      label = a.getJsonObject("label");
    }
    String labelText = t.message(label);
    switch (type) {
      case "hidden" -> {
        h.append("<input type=\"hidden\" name=\"").append(Html.esc(name)).append("\" value=\"")
            .append(Html.esc(value)).append("\"").append(trigger("data-ory-onload", a.getString("onloadTrigger")))
            .append(">\n");
        return;
      }
      // A WebAuthn button runs its webauthn.js function (the script binds data-ory-trigger; no inline script).
      case "submit", "button" -> {
        if (type.equals("button") && a.getString("onclickTrigger") != null) {
          h.append("<div class=\"field\"><button type=\"button\" name=\"").append(Html.esc(name))
              .append("\" value=\"").append(Html.esc(value)).append("\"")
              .append(trigger("data-ory-trigger", a.getString("onclickTrigger")))
              .append(a.getBoolean("disabled", false) ? " disabled" : "").append(">")
              .append(Html.esc(labelText.isEmpty() ? name : labelText)).append("</button></div>\n");
          return;
        }
        h.append("<div class=\"field\"><button type=\"submit\" name=\"").append(Html.esc(name)).append("\" value=\"")
            .append(Html.esc(value)).append("\"").append(a.getBoolean("disabled", false) ? " disabled" : "")
            .append(">").append(Html.esc(labelText.isEmpty() ? String.valueOf(value) : labelText))
            .append("</button></div>\n");
        return;
      }
      default -> {
      }
    }
    String id = id(form.group(), name);
    String msgId = id + "-messages";
    boolean fieldError = hasError(messages);
    boolean invalid = fieldError || (flowError && !type.equals("checkbox"));
    List<String> describedBy = new ArrayList<>();
    if (!messages.isEmpty()) {
      describedBy.add(msgId);
    }
    if (flowError && !type.equals("checkbox")) {
      describedBy.add(FLOW_MESSAGES_ID);
    }
    StringBuilder attrs = new StringBuilder();
    attrs.append(" id=\"").append(Html.esc(id)).append("\" name=\"").append(Html.esc(name)).append("\"");
    if (a.getBoolean("required", false)) {
      attrs.append(" required aria-required=\"true\"");
    }
    if (a.getBoolean("disabled", false)) {
      attrs.append(" disabled");
    }
    if (invalid) {
      attrs.append(" aria-invalid=\"true\"");
    }
    if (!describedBy.isEmpty()) {
      attrs.append(" aria-describedby=\"").append(Html.esc(String.join(" ", describedBy))).append("\"");
    }
    if (form.focus().take(name)) {
      attrs.append(" autofocus");
    }
    if (type.equals("checkbox")) {
      boolean checked = Boolean.TRUE.equals(value) || "true".equals(value);
      h.append("<div class=\"field\"><input type=\"hidden\" name=\"").append(Html.esc(name))
          .append("\" value=\"false\"><label class=\"check\" for=\"").append(Html.esc(id)).append("\">")
          .append("<input type=\"checkbox\" value=\"true\"").append(attrs).append(checked ? " checked" : "")
          .append("> ").append(Html.esc(labelText)).append("</label>");
      messages(h, msgId, messages, t);
      h.append("</div>\n");
      return;
    }
    h.append("<div class=\"field\"><label for=\"").append(Html.esc(id)).append("\">").append(Html.esc(labelText))
        .append("</label><input type=\"").append(Html.esc(htmlType(type))).append("\"").append(attrs);
    if (value != null && !type.equals("password")) {
      h.append(" value=\"").append(Html.esc(value)).append("\"");
    }
    String autocomplete = a.getString("autocomplete");
    if (autocomplete != null && !autocomplete.isEmpty()) {
      h.append(" autocomplete=\"").append(Html.esc(autocomplete)).append("\"");
    }
    String pattern = a.getString("pattern");
    if (pattern != null && !pattern.isEmpty()) {
      h.append(" pattern=\"").append(Html.esc(pattern)).append("\"");
    }
    if (a.getInteger("maxlength", 0) > 0) {
      h.append(" maxlength=\"").append(a.getInteger("maxlength")).append("\"");
    }
    h.append(">");
    messages(h, msgId, messages, t);
    h.append("</div>\n");
  }

  private static void messages(StringBuilder h, String id, JsonArray messages, Translations.Texts t) {
    if (messages.isEmpty()) {
      return;
    }
    h.append("<div").append(id == null ? "" : " id=\"" + Html.esc(id) + "\"").append(">");
    for (Object o : messages) {
      JsonObject m = (JsonObject) o;
      String type = m.getString("type", "info");
      h.append("<p class=\"msg ").append(Html.esc(type)).append("\" data-message-id=\"")
          .append(Html.esc(m.getValue("id"))).append("\"").append(type.equals("error") ? " role=\"alert\"" : "")
          .append(">").append(Html.esc(t.message(m))).append("</p>");
    }
    h.append("</div>");
  }

  /** Kratos input types HTML knows; others are typed as text. */
  private static String htmlType(String type) {
    return switch (type) {
      case "text", "password", "number", "email", "tel", "url", "date", "datetime-local" -> type;
      default -> "text";
    };
  }

  private static String id(String group, String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return group == null ? "f-" + safe : "f-" + group + "-" + safe;
  }
}
