package io.portcullis.rules.template;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints values the way Go's {@code fmt} does with {@code %v}, so rendered headers match what Oathkeeper sent. */
final class GoValues {

  private GoValues() {}

  /** A value as a function's string argument: like {@code %v}, but null (a missing field) is empty. */
  static String str(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  /** {@code %v}; a null inside a list or map prints as Go's {@code <nil>}. */
  static void append(StringBuilder sb, Object value) {
    if (value == null) {
      sb.append("<nil>");
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      GoFormat.appendValue(sb, ((Number) value).doubleValue());
    } else if (value instanceof Collection<?> items) {
      sb.append('[');
      String separator = "";
      for (Object item : items) {
        sb.append(separator);
        append(sb, item);
        separator = " ";
      }
      sb.append(']');
    } else if (value instanceof Map<?, ?> map) {
      // Go prints maps sorted by key.
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      sb.append("map[");
      String separator = "";
      for (Map.Entry<String, Object> entry : sorted.entrySet()) {
        sb.append(separator).append(entry.getKey()).append(':');
        append(sb, entry.getValue());
        separator = " ";
      }
      sb.append(']');
    } else {
      sb.append(value);
    }
  }

  /** {@code fmt.Sprint}: a space between two operands when neither is a string; a missing value is empty. */
  static String sprint(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    Object previous = "";
    for (Object raw : args) {
      Object arg = raw == null ? "" : raw;
      if (!(arg instanceof String) && !(previous instanceof String)) {
        sb.append(' ');
      }
      append(sb, arg);
      previous = arg;
    }
    return sb.toString();
  }

  /**
   * Go's {@code eq}: numbers by value, otherwise equal kinds by equality; 0 when equal. Unlike Go, unlike kinds are
   * unequal rather than an error.
   */
  static int compare(Object a, Object b) {
    Integer c = order(a, b);
    if (c != null) {
      return c;
    }
    return java.util.Objects.equals(a, b) ? 0 : 1;
  }

  /** The order of two numbers or two strings (Go's {@code lt} and friends); null for anything else. */
  static Integer order(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      try {
        return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
      } catch (NumberFormatException e) { // NaN, infinities
        return Double.compare(x.doubleValue(), y.doubleValue());
      }
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(x.compareTo(y));
    }
    return null;
  }

  /** Sprig's notion of empty, which decides {@code default}. */
  static boolean isEmpty(Object value) {
    if (value == null) {
      return true;
    }
    if (value instanceof String s) {
      return s.isEmpty();
    }
    if (value instanceof Boolean b) {
      return !b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() == 0;
    }
    if (value instanceof Collection<?> c) {
      return c.isEmpty();
    }
    return value instanceof Map<?, ?> m && m.isEmpty();
  }
}
