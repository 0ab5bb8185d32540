package io.portcullis.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as operators write them: {@code 512MiB}, {@code 1GiB}, {@code 64MB}, {@code 1048576}. */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?");

  private Sizes() {
  }

  public static long parse(String path, String text) {
    Matcher m = text == null ? null : SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new InvalidConfigException(path, "\"" + text + "\" is not a size: expected e.g. 64MiB, 1GiB, 1048576");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor = switch (unit.charAt(0)) {
      case 'k' -> unit.contains("i") ? 1L << 10 : 1_000L;
      case 'm' -> unit.contains("i") ? 1L << 20 : 1_000_000L;
      case 'g' -> unit.contains("i") ? 1L << 30 : 1_000_000_000L;
      case 't' -> unit.contains("i") ? 1L << 40 : 1_000_000_000_000L;
      default -> 1L;
    };
    if (n <= 0) {
      throw new InvalidConfigException(path, "\"" + text + "\" must be more than zero");
    }
    return n * factor;
  }
}
