package io.portcullis.rules;

import java.util.Locale;

/**
 * How the text inside {@code <} {@code >} of a {@code match.url} is read, as Oathkeeper's
 * {@code access_rules.matching_strategy}: one strategy applies to the whole rule set.
 */
public enum MatchingStrategy {
  /** Regular expressions (Java syntax); every {@code <...>} part is a capture group. */
  REGEXP,
  /** Globs with {@code .} and {@code /} as separators; no capture groups. */
  GLOB;

  /**
   * Reads the configuration value.
   *
   * @throws IllegalArgumentException for anything but {@code regexp} or {@code glob} (case-insensitive)
   */
  public static MatchingStrategy parse(String s) {
    String value = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "regexp" -> REGEXP;
      case "glob" -> GLOB;
      default -> throw new IllegalArgumentException(
          "unknown matching strategy \"" + s + "\": expected \"regexp\" or \"glob\"");
    };
  }
}
