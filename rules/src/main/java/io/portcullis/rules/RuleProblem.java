package io.portcullis.rules;

import java.util.List;
import java.util.Map;

/**
 * One thing wrong with a rule source, precise enough to fix without reading code: where, which rule, which field,
 * what was found and what was expected.
 *
 * @param origin the file, URL or other source the problem was found in
 * @param ruleId the rule's id, {@code #i} (0-based position in its source) when the rule has no usable id, or null
 *     when the problem is not about one rule (e.g. a syntax error)
 * @param field dotted path within the rule with {@code [i]} indexes (e.g. {@code match.methods[1]}), or null
 * @param value the offending value as plain Java, or null when the field is missing
 * @param expected what would have been accepted
 */
public record RuleProblem(String origin, String ruleId, String field, Object value, String expected) {

  private static final int MAX_VALUE_LENGTH = 120;

  /**
   * Renders the problem as one line, e.g. {@code rules.yaml: rule "api-admin": field "match.methods[1]" has value
   * "FETCH": expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT}.
   */
  public String message() {
    StringBuilder sb = new StringBuilder(origin);
    if (ruleId != null) {
      sb.append(": rule \"").append(ruleId).append('"');
    }
    if (field != null) {
      sb.append(": field \"").append(field).append('"');
      sb.append(value == null ? " is missing" : " has value " + render(value));
    } else if (value != null) {
      sb.append(" has value ").append(render(value));
    }
    return sb.append(": expected ").append(expected).toString();
  }

  private static String render(Object value) {
    StringBuilder sb = new StringBuilder();
    appendJson(sb, value);
    return sb.length() <= MAX_VALUE_LENGTH ? sb.toString() : sb.substring(0, MAX_VALUE_LENGTH) + "...";
  }

  /** JSON-like, because that is how the value looked in the file (or close enough for YAML). */
  private static void appendJson(StringBuilder sb, Object value) {
    if (value instanceof String s) {
      sb.append('"');
      s.codePoints().forEach(c -> {
        if (c == '"' || c == '\\') {
          sb.append('\\').append((char) c);
        } else if (c < 0x20 || c == 0x7f) {
          sb.append(String.format("\\u%04x", c));
        } else {
          sb.appendCodePoint(c);
        }
      });
      sb.append('"');
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(sep);
        appendJson(sb, String.valueOf(e.getKey()));
        sb.append(':');
        appendJson(sb, e.getValue());
        sep = ",";
      }
      sb.append('}');
    } else if (value instanceof List<?> list) {
      sb.append('[');
      String sep = "";
      for (Object item : list) {
        sb.append(sep);
        appendJson(sb, item);
        sep = ",";
      }
      sb.append(']');
    } else {
      sb.append(value);
    }
  }
}
