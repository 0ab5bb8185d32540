package io.portcullis.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the configuration: one YAML (or JSON) file, then {@code PORTCULLIS_*} environment variables on top, then binds
 * and checks it. Every failure is a {@link InvalidConfigException} whose message starts with the key's path.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "PORTCULLIS_";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

  private ConfigLoader() {
  }

  /** Loads {@code file} (may be null for the defaults) with the process environment's overrides. */
  public static LoadedConfig load(Path file) {
    return load(file, System.getenv());
  }

  public static LoadedConfig load(Path file, Map<String, String> env) {
    ObjectNode tree = file == null ? JsonNodeFactory.instance.objectNode() : read(file);
    new EnvOverrides(PortcullisConfig.class).apply(tree, env, ENV_PREFIX);
    PortcullisConfig config = bind(tree);
    Path base = file == null ? Path.of(".") : file.toAbsolutePath().getParent();
    ConfigValidator.validate(config);
    return new LoadedConfig(config, base, file);
  }

  /** Binds a tree that is already assembled (tests, the quickstart). */
  public static PortcullisConfig bind(JsonNode tree) {
    try {
      return YAML.treeToValue(tree, PortcullisConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException(path(e), unknownKey(e));
    } catch (JsonMappingException e) {
      throw new InvalidConfigException(path(e), mappingMessage(e));
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException("", e.getOriginalMessage());
    }
  }

  /**
   * Binds a part of the tree that was kept as a tree (a hook's {@code config}) as the whole configuration is bound:
   * unknown keys and wrong types fail, with the key's path below {@code path}.
   */
  static <T> T bindPart(JsonNode node, Class<T> type, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new InvalidConfigException(path, "is required");
    }
    try {
      return YAML.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException(below(path, e), unknownKey(e));
    } catch (JsonMappingException e) {
      throw new InvalidConfigException(below(path, e), mappingMessage(e));
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(path, e.getOriginalMessage());
    }
  }

  private static String unknownKey(UnrecognizedPropertyException e) {
    String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
        .map(String::valueOf).sorted().collect(Collectors.joining(", "));
    return "unknown key" + (known.isEmpty() ? "" : "; known keys here: " + known);
  }

  private static String mappingMessage(JsonMappingException e) {
    return e.getOriginalMessage().replaceAll(" \\(class [^)]*\\)", "").replaceAll("`[a-zA-Z.$]*\\.([A-Za-z]+)`", "$1");
  }

  private static String below(String path, JsonMappingException e) {
    String rest = path(e);
    return rest.isEmpty() ? path : rest.startsWith("[") ? path + rest : path + "." + rest;
  }

  private static ObjectNode read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidConfigException("", "cannot read configuration file " + file + ": " + e.getMessage());
    }
    try {
      JsonNode node = YAML.readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new InvalidConfigException("", file + " must hold a mapping of keys at its top level");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new InvalidConfigException("", file + " is not valid YAML" + where + ": " + e.getOriginalMessage());
    }
  }

  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** Serializes the effective configuration, with every default filled in (for {@code --print-config} and docs). */
  public static String toYaml(PortcullisConfig config) {
    try {
      Map<String, Object> map = YAML.convertValue(config, TreeMap.class);
      return YAML.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static List<String> tokens(String name) {
    return List.of(lower(name).split("_"));
  }
}
