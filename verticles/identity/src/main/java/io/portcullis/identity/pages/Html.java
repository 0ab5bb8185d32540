package io.portcullis.identity.pages;

/** HTML escaping: every value and text that reaches a page goes through here, so no flow data can inject markup. */
final class Html {
  private Html() {
  }

  /** Escapes text for element content and double-quoted attribute values. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A URL for an href or src: only http(s), relative and fragment URLs; anything else ({@code javascript:}, and
   * protocol-relative {@code //host} that would leave for another site) becomes "#".
   */
  static String url(String url) {
    if (url == null) {
      return "#";
    }
    String u = url.trim();
    String lower = u.toLowerCase(java.util.Locale.ROOT);
    boolean relative = lower.startsWith("/") && !lower.startsWith("//") && !lower.startsWith("/\\");
    boolean safe = lower.startsWith("http://") || lower.startsWith("https://") || relative || lower.startsWith("?")
        || lower.startsWith("#");
    return safe ? esc(u) : "#";
  }
}
