package io.portcullis.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A handler's configuration: the global {@code config} of the handler merged with the rule's own, read through typed
 * accessors that fail with a {@link ConfigException} naming the field. Immutable.
 */
public final class HandlerConfig {
  private final Map<String, Object> values;
  private final String path;

  public HandlerConfig(Map<String, Object> values) {
    this(values, "");
  }

  /** A configuration nested at {@code path} (e.g. {@code "when[0]."}), so errors name the full field. */
  public HandlerConfig(Map<String, Object> values, String path) {
    this.values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.path = path;
  }

  /** The raw values, for handlers that bind them themselves. */
  public Map<String, Object> asMap() {
    return values;
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  /** Refuses keys this handler does not know, so a typo does not silently change behaviour. */
  public HandlerConfig requireOnly(Set<String> known) throws ConfigException {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(field(key), values.get(key), "one of the known keys " + known);
      }
    }
    return this;
  }

  public String string(String key, String fallback) throws ConfigException {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new ConfigException(field(key), v, "a string");
    }
    return s;
  }

  public String requiredString(String key) throws ConfigException {
    String s = string(key, null);
    if (s == null || s.isBlank()) {
      throw new ConfigException(field(key), s, "a non-empty string");
    }
    return s;
  }

  public int integer(String key, int fallback) throws ConfigException {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    throw new ConfigException(field(key), v, "an integer");
  }

  public boolean bool(String key, boolean fallback) throws ConfigException {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(field(key), v, "true or false");
  }

  public List<String> stringList(String key) throws ConfigException {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(field(key), v, "a list of strings");
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s)) {
        throw new ConfigException(field(key) + "[" + i + "]", list.get(i), "a string");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** A map of string to string, in the order written (header names, cookie names). */
  public Map<String, String> stringMap(String key) throws ConfigException {
    Object v = values.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw new ConfigException(field(key), v, "an object of string values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new ConfigException(field(key) + "." + e.getKey(), e.getValue(), "a string");
      }
      out.put(String.valueOf(e.getKey()), s);
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  public HandlerConfig object(String key) throws ConfigException {
    Object v = values.get(key);
    if (v == null) {
      return new HandlerConfig(Map.of(), field(key) + ".");
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw new ConfigException(field(key), v, "an object");
    }
    return new HandlerConfig((Map<String, Object>) map, field(key) + ".");
  }

  /** The full dotted name of {@code key}, for error messages about values this class does not type-check. */
  public String field(String key) {
    return path + key;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
