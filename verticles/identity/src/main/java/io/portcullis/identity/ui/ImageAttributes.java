package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** Attributes of an {@code img} node ({@code uiNodeImageAttributes}): src, id, width, height. */
public final class ImageAttributes implements NodeAttributes {

  private final String id;
  private final String src;
  private final int width;
  private final int height;

  public ImageAttributes(String id, String src, int width, int height) {
    this.id = Objects.requireNonNull(id, "id");
    this.src = Objects.requireNonNull(src, "src");
    this.width = width;
    this.height = height;
  }

  public String src() {
    return src;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  @Override
  public String nodeType() {
    return "img";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("src", src).put("id", id).put("width", width).put("height", height)
        .put("node_type", "img");
  }

  public static ImageAttributes fromJson(JsonObject json) {
    return new ImageAttributes(json.getString("id"), json.getString("src"), json.getInteger("width", 0),
        json.getInteger("height", 0));
  }
}
