package io.portcullis.rules.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses glob syntax the way gobwas/glob (Oathkeeper's glob library) lexes and parses it: {@code *}, {@code **},
 * {@code ?}, {@code [abc]}, {@code [!abc]}, {@code [a-z]}, {@code [!a-z]} (a class is either one range or a list),
 * {@code {a,b}} (nestable, alternatives may hold wildcards) and {@code \} escaping the next character. {@code ]},
 * {@code }} and {@code ,} are literal where they cannot close anything.
 *
 * <p>One deliberate difference: gobwas silently accepts an unclosed {@code {}; here it is an error.
 */
final class GlobParser {

  private static final String TEXT_BREAKERS = "?*[{";
  private static final String TERMS_BREAKERS = "?*[{},";

  private final String source;
  private int pos;

  private GlobParser(String source) {
    this.source = source;
  }

  static GlobNode.Sequence parse(String glob) throws InvalidPatternException {
    return new GlobParser(glob).sequence(false);
  }

  private GlobNode.Sequence sequence(boolean inTerms) throws InvalidPatternException {
    List<GlobNode> items = new ArrayList<>();
    while (pos < source.length()) {
      char c = source.charAt(pos);
      if (inTerms && (c == ',' || c == '}')) {
        break;
      }
      switch (c) {
        case '{' -> {
          pos++;
          items.add(alternatives());
        }
        case '[' -> {
          pos++;
          items.add(charClass());
        }
        case '?' -> {
          pos++;
          items.add(new GlobNode.OneOf(GlobNode.NOT_SEPARATOR));
        }
        case '*' -> {
          pos++;
          boolean twice = pos < source.length() && source.charAt(pos) == '*';
          pos += twice ? 1 : 0;
          items.add(twice ? new GlobNode.SuperStar() : new GlobNode.Star());
        }
        default -> items.add(new GlobNode.Text(text(inTerms ? TERMS_BREAKERS : TEXT_BREAKERS)));
      }
    }
    return new GlobNode.Sequence(items);
  }

  private GlobNode alternatives() throws InvalidPatternException {
    List<GlobNode> alternatives = new ArrayList<>();
    alternatives.add(sequence(true));
    while (pos < source.length()) {
      if (source.charAt(pos++) == '}') {
        return new GlobNode.AnyOf(alternatives);
      }
      alternatives.add(sequence(true));
    }
    throw new InvalidPatternException("'{' is never closed by '}'");
  }

  /** After {@code [}: {@code [!]lo-hi]} or {@code [!]chars]}. */
  private GlobNode charClass() throws InvalidPatternException {
    boolean negated = pos < source.length() && source.charAt(pos) == '!';
    pos += negated ? 1 : 0;
    CodePointSet set = isRange() ? range() : list();
    if (pos >= source.length() || source.charAt(pos) != ']') {
      throw new InvalidPatternException("'[' is never closed by ']'");
    }
    pos++;
    return new GlobNode.OneOf(negated ? set.complement() : set);
  }

  /** Like gobwas: a dash right after the first character makes the class one range. */
  private boolean isRange() {
    if (pos >= source.length()) {
      return false;
    }
    int afterLo = pos + Character.charCount(source.codePointAt(pos));
    return afterLo + 1 < source.length() && source.charAt(afterLo) == '-';
  }

  private CodePointSet range() throws InvalidPatternException {
    int lo = source.codePointAt(pos);
    pos += Character.charCount(lo) + 1;
    int hi = source.codePointAt(pos);
    pos += Character.charCount(hi);
    if (hi < lo) {
      throw new InvalidPatternException("character range [" + Character.toString(lo) + "-" + Character.toString(hi)
          + "] is reversed");
    }
    return CodePointSet.range(lo, hi);
  }

  private CodePointSet list() throws InvalidPatternException {
    String chars = text("]");
    if (chars.isEmpty() && pos < source.length()) {
      throw new InvalidPatternException("empty character class []");
    }
    return CodePointSet.of(chars.codePoints().toArray());
  }

  /** Literal text up to a breaker; {@code \} makes the next character literal. */
  private String text(String breakers) {
    StringBuilder sb = new StringBuilder();
    while (pos < source.length()) {
      char c = source.charAt(pos);
      if (c == '\\') {
        if (pos + 1 < source.length()) {
          sb.append(source.charAt(pos + 1));
        }
        pos += 2;
        continue;
      }
      if (breakers.indexOf(c) >= 0) {
        break;
      }
      sb.append(c);
      pos++;
    }
    return sb.toString();
  }
}
