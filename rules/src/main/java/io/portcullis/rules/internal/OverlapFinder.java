package io.portcullis.rules.internal;

import dk.brics.automaton.Automaton;
import io.portcullis.rules.RuleOverlap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Finds pairs of rules that some request matches both, at the same priority: load order silently decides between
 * them, which is worth a warning when rules load.
 *
 * <p>Patterns are compared as automata (their intersection is non-empty), which proves an overlap with a concrete
 * example rather than guessing. Only pairs that can overlap at all are intersected: equal priority, a common method,
 * and literal prefixes of which one starts the other (found by walking the prefix trie), which keeps 10,000 rules
 * quick. A rule whose regexp has no automaton is listed as unverified instead.
 */
public final class OverlapFinder {

  /**
   * @param unverifiedRules ids of rules that had a comparable partner but could not be turned into an automaton
   */
  public record Result(List<RuleOverlap> overlaps, List<String> unverifiedRules) {}

  private final List<RankedRule> ranked;
  private final Automaton[] automata;
  private final boolean[] unsupported;

  private OverlapFinder(List<RankedRule> ranked) {
    this.ranked = ranked;
    this.automata = new Automaton[ranked.size()];
    this.unsupported = new boolean[ranked.size()];
  }

  /** {@code trie} maps each rule's literal prefix to its rank in {@code ranked}. */
  public static Result find(List<RankedRule> ranked, PrefixTrie trie) {
    return new OverlapFinder(ranked).run(trie);
  }

  private Result run(PrefixTrie trie) {
    List<RankedOverlap> found = new ArrayList<>();
    for (int r = 0; r < ranked.size(); r++) {
      String prefix = ranked.get(r).pattern().literalPrefix();
      for (int[] bucket : trie.valuesAlong(prefix)) {
        for (int s : bucket) {
          // Each pair once: a shorter prefix (an ancestor) always, the same prefix only with the earlier rank.
          boolean shorter = ranked.get(s).pattern().literalPrefix().length() < prefix.length();
          if (s < r || (shorter && s != r)) {
            compare(Math.min(r, s), Math.max(r, s), found);
          }
        }
      }
    }
    found.sort(Comparator.comparingInt((RankedOverlap o) -> ranked.get(o.first).loadOrder())
        .thenComparingInt(o -> ranked.get(o.second).loadOrder()));
    TreeMap<Integer, String> unverified = new TreeMap<>();
    for (int i = 0; i < unsupported.length; i++) {
      if (unsupported[i]) {
        unverified.put(ranked.get(i).loadOrder(), ranked.get(i).rule().id());
      }
    }
    return new Result(found.stream().map(RankedOverlap::overlap).toList(), List.copyOf(unverified.values()));
  }

  /** {@code first} wins at request time (earlier rank). */
  private void compare(int first, int second, List<RankedOverlap> found) {
    RankedRule a = ranked.get(first);
    RankedRule b = ranked.get(second);
    if (a.rule().priority() != b.rule().priority()) {
      return;
    }
    List<String> methods = new ArrayList<>(a.rule().match().methods());
    methods.retainAll(b.rule().match().methods());
    if (methods.isEmpty()) {
      return;
    }
    Automaton automatonA = automaton(first);
    Automaton automatonB = automaton(second);
    if (automatonA == null || automatonB == null) {
      return;
    }
    String example = ShortestExample.of(automatonA.intersection(automatonB));
    if (example != null) {
      String reason = "both match \"" + example + "\" for " + String.join(", ", methods);
      found.add(new RankedOverlap(first, second,
          new RuleOverlap(a.rule().id(), b.rule().id(), a.rule().priority(), reason)));
    }
  }

  private Automaton automaton(int rank) {
    if (automata[rank] == null && !unsupported[rank]) {
      try {
        automata[rank] = ranked.get(rank).pattern().automaton();
      } catch (UnsupportedPatternException e) {
        unsupported[rank] = true;
      }
    }
    return automata[rank];
  }

  private record RankedOverlap(int first, int second, RuleOverlap overlap) {}
}
