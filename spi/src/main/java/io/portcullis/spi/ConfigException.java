package io.portcullis.spi;

/**
 * A handler configuration value is missing or wrong. Names the field (a dotted path below the handler's
 * {@code config}), the value found and what was expected, so the operator can fix the rule without reading code.
 */
public class ConfigException extends Exception {
  private final String field;
  private final Object value;
  private final String expected;

  public ConfigException(String field, Object value, String expected) {
    super("field \"" + field + "\" has value " + render(value) + ": expected " + expected);
    this.field = field;
    this.value = value;
    this.expected = expected;
  }

  public String field() {
    return field;
  }

  public Object value() {
    return value;
  }

  public String expected() {
    return expected;
  }

  private static String render(Object value) {
    if (value == null) {
      return "(none)";
    }
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
