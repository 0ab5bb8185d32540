package io.portcullis.rules.template;

import java.math.BigDecimal;
import java.util.List;
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
    return quoted(s, false);
  }

  /**
   * A double-quoted string with quotes, backslashes and line breaks escaped; other characters as Go's {@code %q}
   * writes them, or ({@code js}) as {@code html/template} writes a string into JavaScript: {@code \\u} escapes for
   * control characters, {@code < > &} and the line and paragraph separators.
   */
  static String quoted(String s, boolean js) {
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
          if (js && (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else if (!js && (c < 0x20 || c == 0x7f)) {
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

  /**
   * Go's {@code fmt.Sprintf} for the verbs templates use: {@code %v %s %d %q %t %x %X %f %e %g %%}, with flags
   * {@code -+0 #}, width and precision. A missing argument prints {@code %!v(MISSING)}, extra ones
   * {@code %!(EXTRA ...)}, a verb that does not fit its argument {@code %!d(string=x)}, as Go does.
   */
  public static String printf(String format, List<Object> args) {
    StringBuilder sb = new StringBuilder();
    int arg = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      int start = i++;
      while (i < format.length() && "-+# 0".indexOf(format.charAt(i)) >= 0) {
        i++;
      }
      String flags = format.substring(start + 1, i);
      int widthStart = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      String width = format.substring(widthStart, i);
      String precision = null;
      if (i < format.length() && format.charAt(i) == '.') {
        int p = ++i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        precision = format.substring(p, i);
      }
      if (i >= format.length()) {
        sb.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i);
      if (verb == '%') {
        sb.append('%');
        continue;
      }
      if (arg >= args.size()) {
        sb.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      sb.append(pad(verb(verb, flags, precision, args.get(arg++)), flags, width));
    }
    if (arg < args.size()) {
      sb.append("%!(EXTRA ");
      for (int a = arg; a < args.size(); a++) {
        Object v = args.get(a);
        sb.append(a > arg ? ", " : "").append(v == null ? "<nil>" : typeName(v) + "=" + GoValues.str(v));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static String verb(char verb, String flags, String precision, Object v) {
    boolean integral = v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    boolean floating = v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    switch (verb) {
      case 'v', 's' -> {
        String s = v == null ? (verb == 'v' ? "<nil>" : "%!s(<nil>)") : GoValues.str(v);
        return precision != null && verb == 's' && !precision.isEmpty() && Integer.parseInt(precision) < s.length()
            ? s.substring(0, Integer.parseInt(precision)) : s;
      }
      case 'q' -> {
        return v instanceof String s ? quote(s) : bad(verb, v);
      }
      case 't' -> {
        return v instanceof Boolean b ? b.toString() : bad(verb, v);
      }
      case 'd' -> {
        return integral ? (flags.contains("+") && ((Number) v).longValue() >= 0 ? "+" : "") + v : bad(verb, v);
      }
      case 'x', 'X' -> {
        String hex;
        if (integral) {
          hex = Long.toHexString(((Number) v).longValue());
        } else if (v instanceof String s) {
          StringBuilder h = new StringBuilder();
          for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h.append(String.format(Locale.ROOT, "%02x", b & 0xff));
          }
          hex = h.toString();
        } else {
          return bad(verb, v);
        }
        return verb == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
      }
      case 'f', 'F', 'e', 'g' -> {
        if (!integral && !floating) {
          return bad(verb, v);
        }
        double d = ((Number) v).doubleValue();
        if (verb == 'g' && precision == null) {
          return value(d);
        }
        String javaVerb = verb == 'F' ? "f" : String.valueOf(verb);
        return String.format(Locale.ROOT, "%" + (flags.contains("+") ? "+" : "") + "."
            + (precision == null ? "6" : precision.isEmpty() ? "0" : precision) + javaVerb, d);
      }
      default -> {
        return bad(verb, v);
      }
    }
  }

  private static String pad(String s, String flags, String width) {
    if (width.isEmpty()) {
      return s;
    }
    int w = Integer.parseInt(width);
    if (s.length() >= w) {
      return s;
    }
    String fill = (flags.contains("0") && !flags.contains("-") ? "0" : " ").repeat(w - s.length());
    if (flags.contains("-")) {
      return s + fill;
    }
    if (fill.startsWith("0") && (s.startsWith("-") || s.startsWith("+"))) {
      return s.charAt(0) + fill + s.substring(1);
    }
    return fill + s;
  }

  private static String bad(char verb, Object v) {
    return "%!" + verb + "(" + (v == null ? "<nil>" : typeName(v) + "=" + GoValues.str(v)) + ")";
  }

  private static String typeName(Object v) {
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return "int";
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      return "float64";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof java.util.Collection) {
      return "[]interface {}";
    }
    return v instanceof java.util.Map ? "map[string]interface {}" : v.getClass().getSimpleName();
  }
}
