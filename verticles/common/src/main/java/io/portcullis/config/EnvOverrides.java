package io.portcullis.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code PORTCULLIS_SERVE_PROXY_PORT=4455}-style variables to the configuration tree. Keys contain
 * underscores themselves ({@code trust_forwarded_headers}, {@code cookie_session}), so the variable name is resolved
 * against the configuration's record structure: at each level the shortest run of words that names a known key wins,
 * and for maps of handlers the run that leaves a valid remainder. Below a free-form {@code config} map the rest of
 * the name is one key. Values are read as YAML, so {@code 4455}, {@code true} and {@code [a, b]} have their types.
 */
final class EnvOverrides {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Class<?> root;

  EnvOverrides(Class<?> root) {
    this.root = root;
  }

  void apply(ObjectNode tree, Map<String, String> env, String prefix) {
    // Sorted so the result does not depend on the environment's iteration order.
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(prefix) || e.getKey().length() == prefix.length()) {
        continue;
      }
      List<String> words = ConfigLoader.tokens(e.getKey().substring(prefix.length()));
      List<String> path = resolve(root, words, e.getKey());
      set(tree, path, parse(e.getValue()));
    }
  }

  private List<String> resolve(Type type, List<String> words, String variable) {
    List<String> path = new ArrayList<>();
    if (!resolveInto(type, words, 0, path)) {
      throw new InvalidConfigException(variable, "does not name a configuration key (keys are joined with '_', "
          + "e.g. PORTCULLIS_SERVE_PROXY_PORT for serve.proxy.port)");
    }
    return path;
  }

  private boolean resolveInto(Type type, List<String> words, int from, List<String> path) {
    if (from == words.size()) {
      return true;
    }
    Class<?> raw = rawClass(type);
    if (raw.isRecord()) {
      for (int to = from + 1; to <= words.size(); to++) {
        String key = String.join("_", words.subList(from, to));
        for (RecordComponent c : raw.getRecordComponents()) {
          if (keyOf(c).equals(key)) {
            path.add(key);
            if (resolveInto(c.getGenericType(), words, to, path)) {
              return true;
            }
            path.remove(path.size() - 1);
          }
        }
      }
      return false;
    }
    if (Map.class.isAssignableFrom(raw)) {
      Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
      if (!rawClass(valueType).isRecord()) {
        path.add(String.join("_", words.subList(from, words.size())));
        return true;
      }
      for (int to = from + 1; to < words.size(); to++) {
        path.add(String.join("_", words.subList(from, to)));
        if (resolveInto(valueType, words, to, path)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
      return false;
    }
    if (JsonNode.class.isAssignableFrom(raw)) {
      path.addAll(words.subList(from, words.size()));
      return true;
    }
    return false;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return (Class<?>) type;
  }

  /** The YAML key of a record component: its {@code @JsonProperty} name (for Java keywords) or its snake_case name. */
  static String keyOf(RecordComponent c) {
    // @JsonProperty does not target record components: it lands on the accessor (and field and parameter).
    com.fasterxml.jackson.annotation.JsonProperty named = c.getAccessor()
        .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
    return named != null && !named.value().isEmpty() ? named.value() : snake(c.getName());
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static JsonNode parse(String value) {
    try {
      JsonNode node = YAML.readTree(value);
      return node == null || node.isMissingNode() ? TextNode.valueOf(value) : node;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(value);
    }
  }

  private static void set(ObjectNode tree, List<String> path, JsonNode value) {
    ObjectNode node = tree;
    for (int i = 0; i < path.size() - 1; i++) {
      JsonNode child = node.get(path.get(i));
      if (!(child instanceof ObjectNode)) {
        child = JsonNodeFactory.instance.objectNode();
        node.set(path.get(i), child);
      }
      node = (ObjectNode) child;
    }
    node.set(path.get(path.size() - 1), value);
  }
}
