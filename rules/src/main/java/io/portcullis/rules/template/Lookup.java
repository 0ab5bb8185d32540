package io.portcullis.rules.template;

import java.util.List;
import java.util.Map;

/**
 * How templates navigate data: maps by key, {@link TemplateObject}s through their methods, anything else has no
 * fields. Absent is null, never an exception, because a template must render for every request.
 */
final class Lookup {

  private Lookup() {}

  static Object fields(Object root, List<String> names) {
    Object value = root;
    for (int i = 0; i < names.size() && value != null; i++) {
      value = field(value, names.get(i));
    }
    return value;
  }

  static Object field(Object target, String name) {
    if (target instanceof Map<?, ?> map) {
      return map.get(name);
    }
    if (target instanceof TemplateObject object) {
      return object.field(name);
    }
    return null;
  }

  /** {@code Get} on a map behaves like Go's {@code http.Header.Get}: case-insensitive, first value. */
  static Object call(Object receiver, String method, List<Object> args) {
    if (receiver instanceof TemplateObject object) {
      return object.call(method, args);
    }
    if (receiver instanceof Map<?, ?> map && method.equals("Get") && args.size() == 1) {
      Object value = getIgnoringCase(map, GoValues.str(args.get(0)));
      return value instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : value;
    }
    return null;
  }

  private static Object getIgnoringCase(Map<?, ?> map, String key) {
    Object exact = map.get(key);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getKey() instanceof String name && name.equalsIgnoreCase(key)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** Go's {@code index}: map keys, list positions; null where Go would fail. */
  static Object index(Object collection, List<Object> keys) {
    Object value = collection;
    for (Object key : keys) {
      if (value instanceof List<?> list) {
        int position = position(key, list.size());
        value = position < 0 ? null : list.get(position);
      } else {
        value = value instanceof Map<?, ?> || value instanceof TemplateObject ? field(value, GoValues.str(key)) : null;
      }
    }
    return value;
  }

  /** {@code key} as a valid position in a list of {@code size}, or -1. */
  static int position(Object key, int size) {
    if (key instanceof Integer || key instanceof Long || key instanceof Short || key instanceof Byte) {
      long i = ((Number) key).longValue();
      return i >= 0 && i < size ? (int) i : -1;
    }
    return -1;
  }
}
