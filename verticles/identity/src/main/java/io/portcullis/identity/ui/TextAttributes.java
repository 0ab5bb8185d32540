package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** Attributes of a {@code text} node ({@code uiNodeTextAttributes}); all fields are required by the spec. */
public final class TextAttributes implements NodeAttributes {

  private final String id;
  private UiText text;

  public TextAttributes(String id, UiText text) {
    this.id = Objects.requireNonNull(id, "id");
    this.text = Objects.requireNonNull(text, "text");
  }

  public UiText text() {
    return text;
  }

  @Override
  public String nodeType() {
    return "text";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Object value() {
    return text;
  }

  @Override
  public void setValue(Object value) {
    if (value instanceof UiText t) {
      this.text = t;
    }
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("text", text.toJson()).put("id", id).put("node_type", "text");
  }

  public static TextAttributes fromJson(JsonObject json) {
    return new TextAttributes(json.getString("id"), UiText.fromJson(json.getJsonObject("text")));
  }
}
