package io.portcullis.rules.template;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Go's {@code fmt} for the two cases Portcullis reproduces outside templates too: {@code %q} of a string and
 * {@code %v} of a {@code float64} (header templates, and Kratos' message texts in the identity service).
 */
public final class GoFormat {

  private GoFormat() {}

  /**
   * Go's {@code %q} ({@code strconv.Quote}) for printable text: a double-quoted string with quotes, backslashes
   * and control characters escaped.
   *
   * <p>Not JSON, on purpose, so not shared with a JSON escaper: Go writes the other control characters as
   * {@code \x01} (JSON: a backslash, {@code u} and four hex digits) and escapes DEL ({@code \x7f}), which JSON leaves
   * as it is. Sprig's {@code quote} in header templates and Kratos' {@code %q} in message texts must give Go's bytes.
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Go's {@code %v} of a {@code float64} ({@code strconv.FormatFloat(v, 'g', -1, 64)}): the shortest digits that
   * round-trip, in exponent form ({@code 1e+06}) when the exponent is below -4 or at least 6 — hence 1.5 prints as
   * 1.5 but 30.0 as 30, unlike Java.
   */
  public static String value(double d) {
    StringBuilder sb = new StringBuilder();
    appendValue(sb, d);
    return sb.toString();
  }

  /** {@link #value(double)} appended to {@code sb}. */
  public static void appendValue(StringBuilder sb, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      sb.append(Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf");
      return;
    }
    if (d == 0) {
      sb.append(1 / d < 0 ? "-0" : "0");
      return;
    }
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int exponent = digits.length() - shortest.scale() - 1;
    sb.append(d < 0 ? "-" : "");
    if (exponent < -4 || exponent >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      sb.append(Math.abs(exponent) < 10 ? "0" : "").append(Math.abs(exponent));
    } else {
      sb.append(shortest.toPlainString());
    }
  }
}
