package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shortest string that two automata both accept, found by a breadth-first walk of their product that stops at the
 * first common accepting pair. Walking lazily instead of building the intersection (and never determinizing) keeps
 * the check cheap, and immune to the exponential blow-up some regular expressions cause when determinized.
 *
 * <p>The example is written for people: where both transitions allow a range, a letter or digit is preferred to the
 * lowest character (often U+0000). Control characters are never used, since a normalized URL cannot contain them;
 * pairs that would need one have no example, which makes this the emptiness test as well.
 */
final class ShortestExample {

  private static final String PREFERRED = "xabcdefghijklmnopqrstuvwyz0123456789";

  private record Pair(State a, State b) {}

  private ShortestExample() {}

  /**
   * A shortest {@code s} such that {@code a} accepts {@code skip + s} and {@code b} accepts {@code s}; null when
   * there is none. {@code skip} is the part of the longer literal prefix that {@code a}'s pattern did not fix.
   */
  static String common(Automaton a, String skip, Automaton b) {
    Map<Pair, Pair> parent = new HashMap<>();
    Map<Pair, Character> via = new HashMap<>();
    ArrayDeque<Pair> queue = new ArrayDeque<>();
    for (State state : step(a.getInitialState(), skip)) {
      Pair start = new Pair(state, b.getInitialState());
      parent.put(start, start);
      queue.add(start);
    }
    while (!queue.isEmpty()) {
      Pair pair = queue.poll();
      if (pair.a().isAccept() && pair.b().isAccept()) {
        return path(pair, parent, via);
      }
      List<Transition> transitionsB = pair.b().getSortedTransitions(false);
      for (Transition ta : pair.a().getSortedTransitions(false)) {
        for (Transition tb : transitionsB) {
          char c = pick((char) Math.max(ta.getMin(), tb.getMin()), (char) Math.min(ta.getMax(), tb.getMax()));
          Pair next = new Pair(ta.getDest(), tb.getDest());
          if (c != 0 && parent.putIfAbsent(next, pair) == null) {
            via.put(next, c);
            queue.add(next);
          }
        }
      }
    }
    return null;
  }

  /** The states an automaton (possibly non-deterministic) can be in after reading {@code text}. */
  private static Set<State> step(State initial, String text) {
    Set<State> current = Set.of(initial);
    for (int i = 0; i < text.length() && !current.isEmpty(); i++) {
      List<State> next = new ArrayList<>();
      for (State state : current) {
        state.step(text.charAt(i), next);
      }
      current = new LinkedHashSet<>(next); // ordered, so the example does not vary between runs
    }
    return current;
  }

  private static String path(Pair end, Map<Pair, Pair> parent, Map<Pair, Character> via) {
    StringBuilder sb = new StringBuilder();
    for (Pair p = end; parent.get(p) != p; p = parent.get(p)) {
      sb.insert(0, via.get(p).charValue()); // not append + reverse(), which would re-pair surrogates
    }
    return sb.toString();
  }

  /** A readable character in {@code min..max}, or 0 when the range is empty or holds only control characters. */
  private static char pick(char min, char max) {
    for (int i = 0; i < PREFERRED.length(); i++) {
      char c = PREFERRED.charAt(i);
      if (c >= min && c <= max) {
        return c;
      }
    }
    for (int c = Math.max(min, 0x20); c <= max; c++) {
      if (c != 0x7f) {
        return (char) c;
      }
    }
    return 0;
  }
}
