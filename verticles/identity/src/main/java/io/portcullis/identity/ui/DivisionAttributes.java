package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Attributes of a {@code div} node ({@code uiNodeDivisionAttributes}); {@code class} and {@code data} are optional. */
public final class DivisionAttributes implements NodeAttributes {

  private final String id;
  private final String className;
  private final Map<String, String> data;

  public DivisionAttributes(String id, String className, Map<String, String> data) {
    this.id = Objects.requireNonNull(id, "id");
    this.className = className;
    // Go marshals map keys sorted.
    this.data = data == null ? Map.of() : new TreeMap<>(data);
  }

  public String className() {
    return className;
  }

  public Map<String, String> data() {
    return new LinkedHashMap<>(data);
  }

  @Override
  public String nodeType() {
    return "div";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Object value() {
    return null;
  }

  @Override
  public void setValue(Object value) {
    // Kratos ignores values on divisions.
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    InputAttributes.putIfNotEmpty(json, "class", className);
    json.put("id", id);
    if (!data.isEmpty()) {
      JsonObject d = new JsonObject();
      data.forEach(d::put);
      json.put("data", d);
    }
    return json.put("node_type", "div");
  }

  public static DivisionAttributes fromJson(JsonObject json) {
    Map<String, String> data = new TreeMap<>();
    JsonObject d = json.getJsonObject("data");
    if (d != null) {
      d.forEach(e -> data.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return new DivisionAttributes(json.getString("id"), json.getString("class"), data);
  }
}
