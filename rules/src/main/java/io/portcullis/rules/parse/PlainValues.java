package io.portcullis.rules.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts parsed JSON/YAML into plain, unmodifiable Java values, so handler configurations and problem values do not
 * leak Jackson types to plugins.
 */
final class PlainValues {

  private PlainValues() {}

  /** Map, List, String, Number, Boolean or null; containers are unmodifiable and keep file order. */
  public static Object of(JsonNode node) {
    if (node == null) {
      return null;
    }
    return switch (node.getNodeType()) {
      case OBJECT -> objectOf(node);
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(item -> list.add(of(item)));
        yield Collections.unmodifiableList(list);
      }
      case STRING -> node.textValue();
      case NUMBER -> node.numberValue();
      case BOOLEAN -> node.booleanValue();
      case NULL, MISSING -> null;
      default -> node.asText();
    };
  }

  /** The fields of an object node. */
  public static Map<String, Object> objectOf(JsonNode node) {
    Map<String, Object> map = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), of(e.getValue())));
    return Collections.unmodifiableMap(map);
  }
}
