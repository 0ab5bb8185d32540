package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed glob (gobwas/glob semantics with {@code .} and {@code /} as separators). Each node writes both the
 * {@code java.util.regex} used for matching and the automaton used for overlap checks, so the two agree by
 * construction.
 */
sealed interface GlobNode {

  /** What {@code *} and {@code ?} may not match. */
  CodePointSet NOT_SEPARATOR = CodePointSet.of('.', '/').complement();

  void appendRegex(StringBuilder sb);

  Automaton automaton();

  /** Literal text. */
  record Text(String text) implements GlobNode {
    @Override
    public void appendRegex(StringBuilder sb) {
      sb.append(Pattern.quote(text));
    }

    @Override
    public Automaton automaton() {
      return BasicAutomata.makeString(text);
    }
  }

  /** {@code *}: any run of characters within one segment. */
  record Star() implements GlobNode {
    @Override
    public void appendRegex(StringBuilder sb) {
      NOT_SEPARATOR.appendRegexClass(sb);
      sb.append('*');
    }

    @Override
    public Automaton automaton() {
      return NOT_SEPARATOR.toAutomaton().repeat();
    }
  }

  /** {@code **}: any run of characters, separators included. */
  record SuperStar() implements GlobNode {
    @Override
    public void appendRegex(StringBuilder sb) {
      sb.append("(?s:.*)");
    }

    @Override
    public Automaton automaton() {
      return BasicAutomata.makeAnyString();
    }
  }

  /** {@code ?} (one non-separator) or a {@code [...]} class (any one character of it, separators included). */
  record OneOf(CodePointSet set) implements GlobNode {
    @Override
    public void appendRegex(StringBuilder sb) {
      set.appendRegexClass(sb);
    }

    @Override
    public Automaton automaton() {
      return set.toAutomaton();
    }
  }

  /** {@code {a,b,...}}: any one of the alternatives. */
  record AnyOf(List<GlobNode> alternatives) implements GlobNode {
    @Override
    public void appendRegex(StringBuilder sb) {
      sb.append("(?:");
      for (int i = 0; i < alternatives.size(); i++) {
        sb.append(i == 0 ? "" : "|");
        alternatives.get(i).appendRegex(sb);
      }
      sb.append(')');
    }

    @Override
    public Automaton automaton() {
      return Automaton.union(alternatives.stream().map(GlobNode::automaton).toList());
    }
  }

  /** Nodes one after the other. */
  record Sequence(List<GlobNode> items) implements GlobNode {
    @Override
    public void appendRegex(StringBuilder sb) {
      items.forEach(item -> item.appendRegex(sb));
    }

    @Override
    public Automaton automaton() {
      return Automaton.concatenate(items.stream().map(GlobNode::automaton).toList());
    }

    /**
     * The automaton of what follows {@code prefix}, which must be where this sequence starts: the parser reads the
     * quoted literal prefix into the first text node (possibly together with text that follows it).
     */
    Automaton automatonAfter(String prefix) {
      if (prefix.isEmpty()) {
        return automaton();
      }
      String rest = ((Text) items.get(0)).text().substring(prefix.length());
      List<GlobNode> after = new ArrayList<>(items.subList(1, items.size()));
      after.add(0, new Text(rest));
      return new Sequence(after).automaton();
    }
  }
}
