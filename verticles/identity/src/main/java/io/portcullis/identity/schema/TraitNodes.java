package io.portcullis.identity.schema;

import io.portcullis.identity.ui.Autocomplete;
import io.portcullis.identity.ui.InputAttributes;
import io.portcullis.identity.ui.InputType;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;
import io.portcullis.identity.ui.UiText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Form nodes for traits, as Kratos' {@code container.NodesFromJSONSchema} / {@code node.NewInputFieldFromSchema} build
 * them: one input per leaf trait, type from JSON type and format, {@code required} from the parent's required list,
 * {@code pattern} copied, label 1070002 from the {@code title} (none without a title). Registration uses group
 * "default", settings "profile". Kratos lists paths alphabetically and then sorts by schema key order; we emit schema
 * order directly.
 */
public final class TraitNodes {

  private TraitNodes() {
  }

  /** One node per leaf trait, in schema order. */
  public static List<UiNode> nodes(IdentitySchema schema, NodeGroup group) {
    List<UiNode> out = new ArrayList<>();
    for (TraitPath p : schema.paths()) {
      if (!p.name().startsWith("traits.") || isJson(p)) {
        continue;
      }
      out.add(node(p, group));
    }
    return out;
  }

  /** Kratos' {@code NewInputFieldFromSchema}. */
  static UiNode node(TraitPath p, NodeGroup group) {
    InputAttributes a = new InputAttributes(p.name(), typeOf(p)).required(p.required());
    switch (p.format()) {
      case "date-time" -> a.type(InputType.DATETIME_LOCAL);
      case "email" -> a.type(InputType.EMAIL).autocomplete(Autocomplete.EMAIL);
      case "tel" -> a.type(InputType.TEL).autocomplete(Autocomplete.TEL);
      case "date" -> a.type(InputType.DATE);
      case "uri" -> a.type(InputType.URL).autocomplete(Autocomplete.URL);
      case "regex" -> a.type(InputType.TEXT);
      default -> { }
    }
    String pattern = p.schema().getString("pattern");
    if (pattern != null) {
      a.pattern(pattern);
    }
    if (Boolean.TRUE.equals(p.schema().getValue("disableFormField"))) {
      a.disabled(true);
    }
    UiNode node = new UiNode(group, a);
    if (!p.title().isEmpty()) {
      node.label(Messages.labelGenerated(p.title(), p.name()));
    }
    return node;
  }

  /**
   * Sets node values from current traits and moves those nodes to {@code group}; values without a node get a new
   * input typed by the value (Kratos' {@code UpdateNodeValuesFromJSON} with prefix "traits").
   */
  public static void fill(UiContainer ui, JsonObject traits, NodeGroup group) {
    for (Map.Entry<String, Object> e : flatten("traits", traits, new ArrayList<>())) {
      var existing = ui.find(e.getKey());
      if (existing.isPresent()) {
        existing.get().attributes().setValue(e.getValue());
        existing.get().group(group);
      } else {
        InputType type = e.getValue() instanceof Number ? InputType.NUMBER
            : e.getValue() instanceof Boolean ? InputType.CHECKBOX : InputType.TEXT;
        UiNode n = UiNode.input(e.getKey(), type, group);
        n.input().value(e.getValue());
        ui.setNode(n);
      }
    }
  }

  /**
   * The label of the login {@code identifier} input (Kratos' {@code GetIdentifierLabelFromSchema}): the generated
   * label of the single identifier trait with a title, otherwise 1070004 "ID".
   */
  public static UiText identifierLabel(IdentitySchema schema) {
    List<TraitPath> ids = schema.extensionPaths().stream().filter(p -> p.extension().anyIdentifier()).toList();
    if (ids.size() == 1 && !ids.get(0).title().isEmpty()) {
      return Messages.labelGenerated(ids.get(0).title(), ids.get(0).name());
    }
    return Messages.labelId();
  }

  private static InputType typeOf(TraitPath p) {
    return switch (p.type()) {
      case "number", "integer" -> InputType.NUMBER;
      case "boolean" -> InputType.CHECKBOX;
      default -> InputType.TEXT;
    };
  }

  /** Objects without properties and arrays of objects carry raw JSON; Kratos renders no input for them. */
  private static boolean isJson(TraitPath p) {
    String t = p.type();
    if (t.equals("object")) {
      return true;
    }
    if (t.equals("array")) {
      Object items = p.schema().getValue("items");
      return !(items instanceof JsonObject io) || "object".equals(io.getString("type")) || "array".equals(
          io.getString("type"));
    }
    return false;
  }

  private static List<Map.Entry<String, Object>> flatten(String prefix, Object v, List<Map.Entry<String, Object>> out) {
    if (v instanceof JsonObject o) {
      o.forEach(e -> flatten(prefix + "." + e.getKey(), e.getValue(), out));
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        flatten(prefix + "." + i, a.getValue(i), out);
      }
    } else if (v != null) {
      out.add(Map.entry(prefix, v));
    }
    return out;
  }
}
