package io.portcullis.plugins.builtin.remote;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Durations as Oathkeeper configurations write them, in Go's syntax: {@code 300ms}, {@code 1.5h}, {@code 2h45m}. */
public final class GoDuration {
  private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {
  }

  /** The duration at {@code key}, or {@code fallback} (Go syntax) when absent. */
  public static Duration read(HandlerConfig config, String key, String fallback) throws ConfigException {
    String text = config.string(key, fallback);
    Duration d = parse(text);
    if (d == null) {
      throw new ConfigException(config.field(key), text, "a duration such as 500ms, 30s, 5m or 1h30m");
    }
    return d;
  }

  /** The duration, or null when {@code text} is not one. */
  static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    long total = 0;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return null;
      }
      String number = text.substring(start, i);
      int unitStart = i;
      while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
        i++;
      }
      Long unit = NANOS.get(text.substring(unitStart, i));
      if (unit == null) {
        return null;
      }
      try {
        total = Math.addExact(total, new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).longValueExact());
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
    }
    return Duration.ofNanos(total);
  }
}
