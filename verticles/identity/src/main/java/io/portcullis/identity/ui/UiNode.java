package io.portcullis.identity.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Kratos {@code uiNode}. All five fields are required by the spec, so {@code messages} is always an array and
 * {@code meta} always an object (possibly {@code {}}), exactly as Kratos' {@code Node.MarshalJSON} writes them. The
 * node's {@code type} follows from its attributes, so the two can never disagree.
 */
public final class UiNode {

  private NodeGroup group;
  private final NodeAttributes attributes;
  private final List<UiText> messages = new ArrayList<>();
  private UiText label;

  public UiNode(NodeGroup group, NodeAttributes attributes) {
    this.group = Objects.requireNonNull(group, "group");
    this.attributes = Objects.requireNonNull(attributes, "attributes");
  }

  /** An input node, as Kratos' {@code NewInputField}. */
  public static UiNode input(String name, InputType type, NodeGroup group) {
    return new UiNode(group, new InputAttributes(name, type));
  }

  /** A text node, as Kratos' {@code NewTextField}. */
  public static UiNode text(String id, UiText text, NodeGroup group) {
    return new UiNode(group, new TextAttributes(id, text));
  }

  /** An anchor node, as Kratos' {@code NewAnchorField}. */
  public static UiNode anchor(String id, String href, UiText title, NodeGroup group) {
    return new UiNode(group, new AnchorAttributes(id, href, title));
  }

  /** An image node, as Kratos' {@code NewImageField}. */
  public static UiNode image(String id, String src, int width, int height, NodeGroup group) {
    return new UiNode(group, new ImageAttributes(id, src, width, height));
  }

  /** The node type: "input", "text", "a" or "img". */
  public String type() {
    return attributes.nodeType();
  }

  /** The id Kratos finds nodes by (an input's name). */
  public String id() {
    return attributes.id();
  }

  public NodeGroup group() {
    return group;
  }

  public UiNode group(NodeGroup group) {
    this.group = Objects.requireNonNull(group, "group");
    return this;
  }

  public NodeAttributes attributes() {
    return attributes;
  }

  /** The input attributes; fails for other node types. */
  public InputAttributes input() {
    if (attributes instanceof InputAttributes a) {
      return a;
    }
    throw new IllegalStateException("node " + id() + " is a " + type() + " node, not an input");
  }

  public Object value() {
    return attributes.value();
  }

  public List<UiText> messages() {
    return messages;
  }

  public UiNode addMessage(UiText message) {
    messages.add(Objects.requireNonNull(message, "message"));
    return this;
  }

  /** The {@code meta.label}, or null. */
  public UiText label() {
    return label;
  }

  /** Sets {@code meta.label}, as Kratos' {@code WithMetaLabel}. */
  public UiNode label(UiText label) {
    this.label = label;
    return this;
  }

  public JsonObject toJson() {
    JsonArray msgs = new JsonArray();
    messages.forEach(m -> msgs.add(m.toJson()));
    JsonObject meta = new JsonObject();
    if (label != null) {
      meta.put("label", label.toJson());
    }
    return new JsonObject().put("type", type()).put("group", group.wire()).put("attributes", attributes.toJson())
        .put("messages", msgs).put("meta", meta);
  }

  public static UiNode fromJson(JsonObject json) {
    JsonObject attrs = json.getJsonObject("attributes", new JsonObject());
    if (!attrs.containsKey("node_type") && json.getString("type") != null) {
      attrs = attrs.copy().put("node_type", json.getString("type"));
    }
    UiNode node = new UiNode(NodeGroup.fromWire(json.getString("group")), NodeAttributes.fromJson(attrs));
    JsonArray msgs = json.getJsonArray("messages");
    if (msgs != null) {
      msgs.forEach(m -> node.messages.add(UiText.fromJson((JsonObject) m)));
    }
    JsonObject meta = json.getJsonObject("meta");
    if (meta != null && meta.getJsonObject("label") != null) {
      node.label = UiText.fromJson(meta.getJsonObject("label"));
    }
    return node;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
