package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of Unicode code points, kept as sorted disjoint ranges. One representation for glob and regexp character
 * classes, so that both the {@code java.util.regex} text used for matching and the automaton used for overlap checks
 * are produced from the same set and cannot disagree.
 */
final class CodePointSet {

  private static final int MAX = Character.MAX_CODE_POINT;

  /** lo0, hi0, lo1, hi1, ... ascending, non-overlapping, non-adjacent. */
  private final int[] ranges;

  private CodePointSet(int[] ranges) {
    this.ranges = ranges;
  }

  public static CodePointSet of(int... codePoints) {
    CodePointSet set = new CodePointSet(new int[0]);
    for (int c : codePoints) {
      set = set.union(range(c, c));
    }
    return set;
  }

  public static CodePointSet range(int lo, int hi) {
    return new CodePointSet(new int[] {lo, hi});
  }

  public CodePointSet union(CodePointSet other) {
    List<int[]> all = new ArrayList<>();
    for (int[] r : new int[][] {ranges, other.ranges}) {
      for (int i = 0; i < r.length; i += 2) {
        all.add(new int[] {r[i], r[i + 1]});
      }
    }
    all.sort((a, b) -> Integer.compare(a[0], b[0]));
    int[] merged = new int[all.size() * 2];
    int n = 0;
    for (int[] r : all) {
      if (n > 0 && r[0] <= merged[n - 1] + 1) {
        merged[n - 1] = Math.max(merged[n - 1], r[1]);
      } else {
        merged[n++] = r[0];
        merged[n++] = r[1];
      }
    }
    return new CodePointSet(Arrays.copyOf(merged, n));
  }

  /** The only member of a one-element set, or -1. */
  public int single() {
    return ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
  }

  public CodePointSet complement() {
    int[] result = new int[ranges.length + 2];
    int n = 0;
    int next = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      if (ranges[i] > next) {
        result[n++] = next;
        result[n++] = ranges[i] - 1;
      }
      next = ranges[i + 1] + 1;
    }
    if (next <= MAX) {
      result[n++] = next;
      result[n++] = MAX;
    }
    return new CodePointSet(Arrays.copyOf(result, n));
  }

  /** A {@code java.util.regex} character class matching one code point of this set. */
  public void appendRegexClass(StringBuilder sb) {
    if (ranges.length == 0) {
      sb.append("(?!)"); // an empty class cannot be written as [...]; this never matches either
      return;
    }
    sb.append('[');
    for (int i = 0; i < ranges.length; i += 2) {
      sb.append("\\x{").append(Integer.toHexString(ranges[i])).append('}');
      if (ranges[i + 1] != ranges[i]) {
        sb.append("-\\x{").append(Integer.toHexString(ranges[i + 1])).append('}');
      }
    }
    sb.append(']');
  }

  /**
   * An automaton over UTF-16 units accepting exactly one code point of this set (one unit, or a surrogate pair for
   * code points above U+FFFF), matching how Java strings hold the URL. Lone surrogates are never accepted: they
   * cannot occur in a decoded URL.
   */
  public Automaton toAutomaton() {
    List<Automaton> parts = new ArrayList<>();
    for (int i = 0; i < ranges.length; i += 2) {
      addBmp(parts, ranges[i], Math.min(ranges[i + 1], Character.MIN_SURROGATE - 1));
      addBmp(parts, Math.max(ranges[i], Character.MAX_SURROGATE + 1), Math.min(ranges[i + 1], 0xFFFF));
      addSupplementary(parts, Math.max(ranges[i], Character.MIN_SUPPLEMENTARY_CODE_POINT), ranges[i + 1]);
    }
    return parts.isEmpty() ? BasicAutomata.makeEmpty() : Automaton.union(parts);
  }

  private static void addBmp(List<Automaton> parts, int lo, int hi) {
    if (lo <= hi) {
      parts.add(BasicAutomata.makeCharRange((char) lo, (char) hi));
    }
  }

  /** Code points lo..hi above U+FFFF as surrogate pairs: a partial first lead, full leads between, a partial last. */
  private static void addSupplementary(List<Automaton> parts, int lo, int hi) {
    if (lo > hi) {
      return;
    }
    char leadLo = Character.highSurrogate(lo);
    char leadHi = Character.highSurrogate(hi);
    char trailLo = Character.lowSurrogate(lo);
    char trailHi = Character.lowSurrogate(hi);
    if (leadLo == leadHi) {
      parts.add(pair(leadLo, leadLo, trailLo, trailHi));
      return;
    }
    parts.add(pair(leadLo, leadLo, trailLo, Character.MAX_LOW_SURROGATE));
    if (leadHi - leadLo > 1) {
      parts.add(pair((char) (leadLo + 1), (char) (leadHi - 1), Character.MIN_LOW_SURROGATE,
          Character.MAX_LOW_SURROGATE));
    }
    parts.add(pair(leadHi, leadHi, Character.MIN_LOW_SURROGATE, trailHi));
  }

  private static Automaton pair(char leadLo, char leadHi, char trailLo, char trailHi) {
    return BasicAutomata.makeCharRange(leadLo, leadHi).concatenate(BasicAutomata.makeCharRange(trailLo, trailHi));
  }
}
