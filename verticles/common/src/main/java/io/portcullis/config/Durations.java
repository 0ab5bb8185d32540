package io.portcullis.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go duration strings as Ory configs write them: {@code 300ms}, {@code 5s}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {
  }

  public static Duration parse(String path, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidConfigException(path, "empty duration: expected e.g. 500ms, 5s, 10m, 1h30m");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text.trim());
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos += (long) (n * unit);
      end = m.end();
    }
    if (end != text.trim().length()) {
      throw new InvalidConfigException(path, "\"" + text + "\" is not a duration: expected e.g. 500ms, 5s, 10m, 1h30m");
    }
    return Duration.ofNanos(nanos);
  }
}
