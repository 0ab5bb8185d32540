package io.portcullis.rules.internal;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A shortest string an automaton accepts, written for people: where a transition allows a range, a letter or digit
 * is preferred to brics' lowest character (often U+0000). Control characters are never used, since a normalized URL
 * cannot contain them; an automaton that needs one has no example, which also makes this the emptiness test.
 */
final class ShortestExample {

  private static final String PREFERRED = "xabcdefghijklmnopqrstuvwyz0123456789";

  private ShortestExample() {}

  /** Null when no control-free string is accepted. */
  static String of(Automaton automaton) {
    State initial = automaton.getInitialState();
    Map<State, State> parent = new HashMap<>();
    Map<State, Character> via = new HashMap<>();
    ArrayDeque<State> queue = new ArrayDeque<>();
    parent.put(initial, initial);
    queue.add(initial);
    while (!queue.isEmpty()) {
      State state = queue.poll();
      if (state.isAccept()) {
        return path(state, initial, parent, via);
      }
      for (Transition t : state.getSortedTransitions(false)) {
        char c = pick(t.getMin(), t.getMax());
        if (c != 0 && !parent.containsKey(t.getDest())) {
          parent.put(t.getDest(), state);
          via.put(t.getDest(), c);
          queue.add(t.getDest());
        }
      }
    }
    return null;
  }

  private static String path(State state, State initial, Map<State, State> parent, Map<State, Character> via) {
    StringBuilder sb = new StringBuilder();
    for (State s = state; s != initial; s = parent.get(s)) {
      sb.insert(0, via.get(s).charValue()); // not append + reverse(), which would re-pair surrogates
    }
    return sb.toString();
  }

  /** A readable character in {@code min..max}, or 0 when the range holds only control characters. */
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
