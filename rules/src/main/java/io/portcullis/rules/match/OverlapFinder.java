package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import io.portcullis.rules.RuleOverlap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds pairs of rules that some request matches both, at the same priority: load order silently decides between
 * them, which is worth a warning when rules load.
 *
 * <p>Patterns are compared as automata (a string both accept is searched for), which proves an overlap with a
 * concrete example rather than guessing. Only pairs that can overlap at all are compared: equal priority, a common
 * method, and literal prefixes of which one starts the other (found by walking the prefix trie), which keeps 10,000
 * rules quick. A rule whose regexp has no automaton is listed as unverified instead.
 */
final class OverlapFinder {

  /**
   * @param unverifiedRules ids of rules that had a comparable partner but could not be turned into an automaton
   */
  public record Result(List<RuleOverlap> overlaps, List<String> unverifiedRules) {}

  private final List<RankedRule> ranked;
  /** Automata of rules met as the shorter-prefix side, which recur; the other side is built once per rule. */
  private final Map<Integer, Automaton> shared = new HashMap<>();
  private final TreeMap<Integer, String> unverified = new TreeMap<>();
  private final List<Found> found = new ArrayList<>();
  /** The automaton of the rule whose ancestors are being compared, built once per rule. */
  private Automaton current;
  private int currentRank = -1;

  private OverlapFinder(List<RankedRule> ranked) {
    this.ranked = ranked;
  }

  /** {@code trie} maps each rule's literal prefix to its rank in {@code ranked}. */
  public static Result find(List<RankedRule> ranked, PrefixTrie trie) {
    return new OverlapFinder(ranked).run(trie);
  }

  private Result run(PrefixTrie trie) {
    for (int r = 0; r < ranked.size(); r++) {
      String prefix = ranked.get(r).pattern().literalPrefix();
      for (int[] bucket : trie.valuesAlong(prefix)) {
        for (int s : bucket) {
          // Each pair once: a shorter prefix (an ancestor) always, the same prefix only with the earlier rank.
          boolean shorter = ranked.get(s).pattern().literalPrefix().length() < prefix.length();
          if (s < r || (shorter && s != r)) {
            compare(s, r);
          }
        }
      }
    }
    found.sort(Comparator.comparingInt((Found f) -> f.firstLoaded).thenComparingInt(f -> f.secondLoaded));
    return new Result(found.stream().map(Found::overlap).toList(), List.copyOf(unverified.values()));
  }

  /** Compares rule {@code r} with {@code s}, whose literal prefix is a prefix of {@code r}'s. */
  private void compare(int s, int r) {
    RankedRule outer = ranked.get(s);
    RankedRule inner = ranked.get(r);
    if (outer.rule().priority() != inner.rule().priority()) {
      return;
    }
    RankedRule first = s < r ? outer : inner;
    RankedRule second = s < r ? inner : outer;
    List<String> methods = new ArrayList<>(first.rule().match().methods());
    methods.retainAll(second.rule().match().methods());
    if (methods.isEmpty()) {
      return;
    }
    Automaton outerAutomaton = shared.containsKey(s) ? shared.get(s) : automaton(s);
    shared.putIfAbsent(s, outerAutomaton);
    if (currentRank != r) {
      current = automaton(r);
      currentRank = r;
    }
    if (outerAutomaton == null || current == null) {
      return;
    }
    String innerPrefix = inner.pattern().literalPrefix();
    String skip = innerPrefix.substring(outer.pattern().literalPrefix().length());
    String example = ShortestExample.common(outerAutomaton, skip, current);
    if (example != null) {
      String reason = "both match \"" + innerPrefix + example + "\" for " + String.join(", ", methods);
      found.add(new Found(first.loadOrder(), second.loadOrder(),
          new RuleOverlap(first.rule().id(), second.rule().id(), first.rule().priority(), reason)));
    }
  }

  /** Null, with the rule noted as unverified, when its pattern has no automaton. */
  private Automaton automaton(int rank) {
    RankedRule rule = ranked.get(rank);
    try {
      return rule.pattern().automatonAfterPrefix();
    } catch (UnsupportedPatternException e) {
      unverified.put(rule.loadOrder(), rule.rule().id());
      return null;
    }
  }

  private record Found(int firstLoaded, int secondLoaded, RuleOverlap overlap) {}
}
