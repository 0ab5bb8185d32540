package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One Kratos {@code uiText}: a message with a stable numeric id that UIs translate, the American English text, its
 * type and an optional context. Serialised in Kratos' field order; {@code context} is omitted when absent, as Kratos'
 * {@code omitempty} does. Build instances through {@link Messages} or a flow's messages ({@code LoginMessages}, ...) so
 * ids and texts stay identical to Kratos.
 */
public final class UiText {

  /** The {@code uiText.type} enum. */
  public enum Type {
    INFO("info"), ERROR("error"), SUCCESS("success");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Type fromWire(String wire) {
      for (Type t : values()) {
        if (t.wire.equals(wire)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown ui text type: " + wire);
    }
  }

  private final long id;
  private final String text;
  private final Type type;
  private final JsonObject context;

  public UiText(long id, String text, Type type, JsonObject context) {
    this.id = id;
    this.text = Objects.requireNonNull(text, "text");
    this.type = Objects.requireNonNull(type, "type");
    this.context = context == null || context.isEmpty() ? null : context.copy();
  }

  public long id() {
    return id;
  }

  public String text() {
    return text;
  }

  public Type type() {
    return type;
  }

  /** The context, or {@code null} when the message has none. */
  public JsonObject context() {
    return context == null ? null : context.copy();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("text", text).put("type", type.wire());
    if (context != null) {
      json.put("context", context.copy());
    }
    return json;
  }

  public static UiText fromJson(JsonObject json) {
    return new UiText(json.getLong("id"), json.getString("text"), Type.fromWire(json.getString("type")),
        json.getJsonObject("context"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UiText t && t.id == id && t.text.equals(text) && t.type == type
        && Objects.equals(t.context, context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, text, type, context);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
