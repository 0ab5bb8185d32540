package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** Attributes of an {@code a} node ({@code uiNodeAnchorAttributes}); href, title, id are all required. */
public final class AnchorAttributes implements NodeAttributes {

  private final String id;
  private String href;
  private final UiText title;

  public AnchorAttributes(String id, String href, UiText title) {
    this.id = Objects.requireNonNull(id, "id");
    this.href = Objects.requireNonNull(href, "href");
    this.title = Objects.requireNonNull(title, "title");
  }

  public String href() {
    return href;
  }

  public UiText title() {
    return title;
  }

  @Override
  public String nodeType() {
    return "a";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Object value() {
    return href;
  }

  @Override
  public void setValue(Object value) {
    href = value instanceof String s ? s : "";
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("href", href).put("title", title.toJson()).put("id", id).put("node_type", "a");
  }

  public static AnchorAttributes fromJson(JsonObject json) {
    return new AnchorAttributes(json.getString("id"), json.getString("href"),
        UiText.fromJson(json.getJsonObject("title")));
  }
}
