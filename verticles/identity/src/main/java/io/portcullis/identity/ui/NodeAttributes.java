package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;

/**
 * The attributes of a {@link UiNode}. The variant decides the node's {@code type} and the {@code node_type}
 * discriminator the official client dispatches on. Five of Kratos' six variants exist ({@code img} for the TOTP QR
 * code, {@code script} for webauthn.js); its {@code div} node belongs to a method not implemented here (captcha).
 */
public sealed interface NodeAttributes permits InputAttributes, TextAttributes, AnchorAttributes,
    ImageAttributes, ScriptAttributes {

  /** The discriminator: "input", "text", "a", "img" or "script". */
  String nodeType();

  /** The id Kratos finds nodes by: the input's name, otherwise the {@code id} attribute. */
  String id();

  /** The node's value: the input value, an anchor's href, a text; null for images and scripts. */
  default Object value() {
    return null;
  }

  /** Sets the value as Kratos' {@code SetValue} does (images and scripts have none: it does nothing, as Kratos'). */
  default void setValue(Object value) {
  }

  JsonObject toJson();

  /** Parses attributes by their {@code node_type}. */
  static NodeAttributes fromJson(JsonObject json) {
    String type = json.getString("node_type");
    if (type == null) {
      throw new IllegalArgumentException("node attributes lack node_type");
    }
    return switch (type) {
      case "input" -> InputAttributes.fromJson(json);
      case "text" -> TextAttributes.fromJson(json);
      case "a" -> AnchorAttributes.fromJson(json);
      case "img" -> ImageAttributes.fromJson(json);
      case "script" -> ScriptAttributes.fromJson(json);
      default -> throw new IllegalArgumentException("unknown node_type: " + type);
    };
  }
}
