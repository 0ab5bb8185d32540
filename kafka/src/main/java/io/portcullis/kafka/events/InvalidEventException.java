package io.portcullis.kafka.events;

/**
 * An event payload that breaks its contract, precise enough to find the writer's mistake: which field, what it held
 * and what was expected.
 */
public final class InvalidEventException extends IllegalArgumentException {
  private final String field;
  private final String value;
  private final String expected;

  /**
   * @param field the JSON field ({@code session_ids[1]}), or {@code (payload)} for the payload as a whole
   * @param value the offending value as JSON, or null when the field is missing
   */
  public InvalidEventException(String type, String field, String value, String expected) {
    super(type + ": field \"" + field + "\" " + (value == null ? "is missing" : "has value " + cut(value))
        + ": expected " + expected);
    this.field = field;
    this.value = value;
    this.expected = expected;
  }

  private static String cut(String value) {
    return value.length() <= 120 ? value : value.substring(0, 120) + "...";
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String expected() {
    return expected;
  }
}
