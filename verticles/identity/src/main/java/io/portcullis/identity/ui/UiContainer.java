package io.portcullis.identity.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kratos' {@code uiContainer}: the form of a self-service flow. {@code action}, {@code method} and {@code nodes} are
 * always written; {@code messages} only when non-empty (Kratos' {@code omitempty}). Node operations follow Kratos'
 * {@code container.Container} and {@code node.Nodes} so flows built on this behave the same: upsert by id, messages
 * for an unknown field create a text input for it in group "default".
 */
public final class UiContainer {

  private final String action;
  private final String method;
  private final List<UiNode> nodes = new ArrayList<>();
  private final List<UiText> messages = new ArrayList<>();

  /** A container posting to {@code action} (Kratos' {@code container.New}). */
  public UiContainer(String action) {
    this(action, "POST");
  }

  public UiContainer(String action, String method) {
    this.action = Objects.requireNonNull(action, "action");
    this.method = Objects.requireNonNull(method, "method");
  }

  public String action() {
    return action;
  }

  public String method() {
    return method;
  }

  /** The live node list, in render order. */
  public List<UiNode> nodes() {
    return nodes;
  }

  /** The container-level messages. */
  public List<UiText> messages() {
    return messages;
  }

  public Optional<UiNode> find(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /** Replaces the node with the same id in place, or appends it (Kratos' {@code SetNode} / {@code Upsert}). */
  public UiContainer setNode(UiNode node) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id().equals(node.id())) {
        nodes.set(i, node);
        return this;
      }
    }
    nodes.add(node);
    return this;
  }

  /** Appends without replacing (Kratos' {@code Nodes.Append}). */
  public UiContainer appendNode(UiNode node) {
    nodes.add(Objects.requireNonNull(node, "node"));
    return this;
  }

  /** Upserts the CSRF hidden input (Kratos' {@code SetCSRF}). */
  public UiContainer setCsrf(String token) {
    return setNode(CommonNodes.csrf(token));
  }

  /**
   * Sets the value of the node with this id; returns false when there is none (Kratos' {@code SetValueAttribute}).
   */
  public boolean setValue(String id, Object value) {
    Optional<UiNode> node = find(id);
    node.ifPresent(n -> n.attributes().setValue(value));
    return node.isPresent();
  }

  /** Adds a container-level message. */
  public UiContainer addMessage(UiText message) {
    messages.add(Objects.requireNonNull(message, "message"));
    return this;
  }

  /**
   * Attaches a message to each named node; with no (non-blank) names it becomes a container message. A name with no
   * node gets a new text input in group "default" carrying the message, as Kratos' {@code AddMessage} does.
   */
  public UiContainer addMessage(UiText message, String... names) {
    List<String> targets = new ArrayList<>();
    for (String name : names) {
      if (name != null && !name.isBlank()) {
        targets.add(name);
      }
    }
    if (targets.isEmpty()) {
      return addMessage(message);
    }
    for (String name : targets) {
      Optional<UiNode> node = find(name);
      if (node.isPresent()) {
        node.get().addMessage(message);
      } else {
        nodes.add(UiNode.input(name, InputType.TEXT, NodeGroup.DEFAULT).addMessage(message));
      }
    }
    return this;
  }

  /** Clears container and node messages, except on the nodes named (Kratos' {@code ResetMessages}). */
  public UiContainer resetMessages(String... exceptIds) {
    List<String> keep = List.of(exceptIds);
    messages.clear();
    nodes.stream().filter(n -> !keep.contains(n.id())).forEach(n -> n.messages().clear());
    return this;
  }

  /**
   * Orders nodes as Kratos' {@code Nodes.SortBySchema}: optionally by group order first, then within a group (the
   * "default" and "password" groups count as one) by the first key of {@code keysInOrder} that prefixes the node id,
   * unknown ids after known ones, and the {@code method} submit button last; ties by the value's text.
   */
  public UiContainer sortNodes(List<NodeGroup> groupOrder, List<String> keysInOrder) {
    if (groupOrder != null && !groupOrder.isEmpty()) {
      nodes.sort(Comparator.comparingInt(n -> groupOrder.indexOf(n.group())));
    }
    List<String> keys = keysInOrder == null ? List.of() : keysInOrder;
    int methodPosition = nodes.size() + keys.size() + 1;
    Comparator<UiNode> byKey = (a, b) -> {
      int pa = position(a, keys, methodPosition);
      int pb = position(b, keys, methodPosition);
      if (pa != pb) {
        return Integer.compare(pa, pb);
      }
      return String.valueOf(a.value()).compareTo(String.valueOf(b.value()));
    };
    // Go's stable sort with a "less" that is only defined within a group: an insertion sort reproduces it.
    List<UiNode> sorted = new ArrayList<>(nodes);
    for (int i = 1; i < sorted.size(); i++) {
      for (int j = i; j > 0; j--) {
        UiNode a = sorted.get(j);
        UiNode b = sorted.get(j - 1);
        if (comparable(a, b) && byKey.compare(a, b) < 0) {
          Collections.swap(sorted, j, j - 1);
        } else {
          break;
        }
      }
    }
    nodes.clear();
    nodes.addAll(sorted);
    return this;
  }

  private static boolean comparable(UiNode a, UiNode b) {
    NodeGroup ga = a.group();
    NodeGroup gb = b.group();
    return ga == gb || (ga == NodeGroup.DEFAULT && gb == NodeGroup.PASSWORD)
        || (ga == NodeGroup.PASSWORD && gb == NodeGroup.DEFAULT);
  }

  private static int position(UiNode node, List<String> keys, int methodPosition) {
    if (node.id().equals("method")) {
      return methodPosition;
    }
    for (int i = 0; i < keys.size(); i++) {
      if (node.id().startsWith(keys.get(i))) {
        return i;
      }
    }
    return keys.size();
  }

  public JsonObject toJson() {
    JsonArray ns = new JsonArray();
    nodes.forEach(n -> ns.add(n.toJson()));
    JsonObject json = new JsonObject().put("action", action).put("method", method).put("nodes", ns);
    if (!messages.isEmpty()) {
      JsonArray ms = new JsonArray();
      messages.forEach(m -> ms.add(m.toJson()));
      json.put("messages", ms);
    }
    return json;
  }

  /** Reads a container back, e.g. from a flow row. */
  public static UiContainer fromJson(JsonObject json) {
    UiContainer c = new UiContainer(json.getString("action", ""), json.getString("method", "POST"));
    JsonArray ns = json.getJsonArray("nodes");
    if (ns != null) {
      ns.forEach(n -> c.nodes.add(UiNode.fromJson((JsonObject) n)));
    }
    JsonArray ms = json.getJsonArray("messages");
    if (ms != null) {
      ms.forEach(m -> c.messages.add(UiText.fromJson((JsonObject) m)));
    }
    return c;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
