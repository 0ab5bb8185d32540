package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Oathkeeper's regexp strategy (ladon's compiler): literal text is quoted, each {@code <...>} becomes a capture group,
 * and the whole URL must match. Compiled with {@code UNIX_LINES} so that {@code .} excludes only a line feed, as in
 * Oathkeeper's regexp2.
 */
final class RegexpUrlPattern implements UrlPattern {

  private final List<PatternParts.Part> parts;
  private final Pattern pattern;

  private RegexpUrlPattern(List<PatternParts.Part> parts, Pattern pattern) {
    this.parts = parts;
    this.pattern = pattern;
  }

  static RegexpUrlPattern compile(List<PatternParts.Part> parts) throws InvalidPatternException {
    StringBuilder regex = new StringBuilder();
    for (PatternParts.Part part : parts) {
      if (part.expression()) {
        String text = goNamedGroupsAsPlain(part.text());
        // Each part must stand alone, as in ladon: <(>x<)> is not a group around x.
        compile(text);
        regex.append('(').append(text).append(')');
      } else {
        regex.append(Pattern.quote(part.text()));
      }
    }
    return new RegexpUrlPattern(parts, compile(regex.toString()));
  }

  /**
   * Go's {@code (?P<name>...)} named groups, which Oathkeeper rules may use, become plain groups: Java spells named
   * groups differently and forbids some Go names, and captures are exposed by position only, which is unchanged.
   */
  static String goNamedGroupsAsPlain(String regex) {
    return regex.replaceAll("\\(\\?P<[A-Za-z_][A-Za-z0-9_]*>", "(");
  }

  private static Pattern compile(String regex) throws InvalidPatternException {
    try {
      return Pattern.compile(regex, Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new InvalidPatternException("regular expression \"" + regex + "\" is invalid: " + e.getDescription());
    }
  }

  @Override
  public String literalPrefix() {
    return PatternParts.literalPrefix(parts);
  }

  /** Like Oathkeeper: every group after group 0, a group that took no part being empty. */
  @Override
  public List<String> match(String target) {
    Matcher matcher = pattern.matcher(target);
    if (!matcher.matches()) {
      return null;
    }
    List<String> groups = new ArrayList<>(matcher.groupCount());
    for (int i = 1; i <= matcher.groupCount(); i++) {
      String group = matcher.group(i);
      groups.add(group == null ? "" : group);
    }
    return List.copyOf(groups);
  }

  @Override
  public Automaton automatonAfterPrefix() throws UnsupportedPatternException {
    List<Automaton> pieces = new ArrayList<>(parts.size());
    for (PatternParts.Part part : parts.subList(literalPrefix().isEmpty() ? 0 : 1, parts.size())) {
      pieces.add(part.expression() ? RegexAutomata.of(part.text()) : BasicAutomata.makeString(part.text()));
    }
    return Automaton.concatenate(pieces);
  }
}
