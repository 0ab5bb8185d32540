package io.portcullis.identity.flow.recovery;

import io.portcullis.config.Durations;
import io.portcullis.config.InvalidConfigException;
import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.ParseDuration} and {@code Duration.String}, for the admin API's {@code expires_in}. */
final class GoDuration {
  private GoDuration() {
  }

  /** {@code 1h30m}, {@code -5m}, {@code 0}; null when {@code text} is not a Go duration. */
  static Duration parse(String text) {
    boolean negative = text.startsWith("-");
    String unsigned = negative || text.startsWith("+") ? text.substring(1) : text;
    try {
      Duration d = Durations.parse("expires_in", unsigned);
      return negative ? d.negated() : d;
    } catch (InvalidConfigException e) {
      return null;
    }
  }

  /** As Go prints a duration: {@code 1h0m0s}, {@code -1h0m0s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    String sign = d.isNegative() ? "-" : "";
    long nanos = Math.abs(d.toNanos());
    if (nanos < 1_000_000_000L) {
      String[] units = {"ns", "µs", "ms"};
      long scale = 1;
      int unit = 0;
      while (unit < 2 && nanos >= scale * 1000) {
        scale *= 1000;
        unit++;
      }
      return sign + decimal(nanos, scale) + units[unit];
    }
    long hours = nanos / 3_600_000_000_000L;
    long minutes = nanos / 60_000_000_000L % 60;
    String seconds = decimal(nanos % 60_000_000_000L, 1_000_000_000L) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
  }

  private static String decimal(long value, long scale) {
    return new BigDecimal(value).divide(new BigDecimal(scale)).stripTrailingZeros().toPlainString();
  }
}
