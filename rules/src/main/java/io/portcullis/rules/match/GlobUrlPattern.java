package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Oathkeeper's glob strategy: the literal text is glob-quoted, the {@code <...>} contents are appended as they are,
 * and the result is one gobwas/glob with {@code .} and {@code /} as separators. Parsing the joined text, rather than
 * each part, keeps Oathkeeper's behaviour even for globs whose braces span several parts.
 */
final class GlobUrlPattern implements UrlPattern {

  private static final String GLOB_SPECIALS = "*?\\[]{}";

  private final String literalPrefix;
  private final GlobNode.Sequence glob;
  private final Pattern pattern;

  private GlobUrlPattern(String literalPrefix, GlobNode.Sequence glob) {
    this.literalPrefix = literalPrefix;
    this.glob = glob;
    StringBuilder regex = new StringBuilder();
    glob.appendRegex(regex);
    this.pattern = Pattern.compile(regex.toString());
  }

  static GlobUrlPattern compile(List<PatternParts.Part> parts) throws InvalidPatternException {
    StringBuilder source = new StringBuilder();
    for (PatternParts.Part part : parts) {
      if (part.expression()) {
        source.append(part.text());
      } else {
        quote(part.text(), source);
      }
    }
    try {
      return new GlobUrlPattern(PatternParts.literalPrefix(parts), GlobParser.parse(source.toString()));
    } catch (InvalidPatternException e) {
      throw new InvalidPatternException("glob \"" + source + "\" is invalid: " + e.getMessage());
    }
  }

  private static void quote(String literal, StringBuilder sb) {
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (GLOB_SPECIALS.indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
  }

  @Override
  public String literalPrefix() {
    return literalPrefix;
  }

  /** Globs capture nothing, as in Oathkeeper. */
  @Override
  public List<String> match(String target) {
    return pattern.matcher(target).matches() ? List.of() : null;
  }

  @Override
  public Automaton automatonAfterPrefix() {
    return glob.automatonAfter(literalPrefix);
  }
}
