package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import io.portcullis.rules.MatchingStrategy;
import java.util.List;

/** A compiled {@code match.url}: matches request URLs and describes its language for overlap checks. */
interface UrlPattern {

  static UrlPattern compile(String source, MatchingStrategy strategy) throws InvalidPatternException {
    List<PatternParts.Part> parts = PatternParts.split(source);
    return strategy == MatchingStrategy.GLOB ? GlobUrlPattern.compile(parts) : RegexpUrlPattern.compile(parts);
  }

  /** The literal text before the first {@code <}; every matching URL starts with it, which is what indexes rules. */
  String literalPrefix();

  /** Captured groups when the whole target matches (empty for globs), null when it does not. */
  List<String> match(String target);

  /**
   * What this pattern matches after its {@link #literalPrefix()}, as an automaton over UTF-16 units. Leaving the
   * prefix out keeps automata small: overlap checks only compare rules whose prefixes already agree.
   */
  Automaton automatonAfterPrefix() throws UnsupportedPatternException;
}
