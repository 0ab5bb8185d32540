package io.portcullis.rules.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code match.url} into literal text and {@code <...>} expressions. Delimiters nest (a {@code <} inside an
 * expression opens a level that a {@code >} closes), exactly as Oathkeeper's {@code delimiterIndices}, so that named
 * groups like {@code <(?<id>[0-9]+)>} stay one expression.
 */
final class PatternParts {

  /** One piece of a pattern: literal text, or the content of one {@code <...>} (without the delimiters). */
  public record Part(String text, boolean expression) {}

  private PatternParts() {}

  public static List<Part> split(String pattern) throws InvalidPatternException {
    List<Part> parts = new ArrayList<>();
    int level = 0;
    int start = 0;
    int open = -1;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '<') {
        if (level++ == 0) {
          open = i;
          if (i > start) {
            parts.add(new Part(pattern.substring(start, i), false));
          }
        }
      } else if (c == '>') {
        if (--level < 0) {
          throw new InvalidPatternException("unbalanced pattern: '>' at column " + (i + 1) + " has no matching '<'");
        }
        if (level == 0) {
          parts.add(new Part(pattern.substring(open + 1, i), true));
          start = i + 1;
        }
      }
    }
    if (level != 0) {
      throw new InvalidPatternException("unbalanced pattern: '<' at column " + (open + 1) + " is never closed");
    }
    if (start < pattern.length()) {
      parts.add(new Part(pattern.substring(start), false));
    }
    return parts;
  }

  /** The literal text before the first expression: every URL the pattern matches starts with it. */
  public static String literalPrefix(List<Part> parts) {
    return parts.isEmpty() || parts.get(0).expression() ? "" : parts.get(0).text();
  }
}
