package io.portcullis.rules.match;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.util.ArrayList;
import java.util.List;

/**
 * The language of a {@code java.util.regex} expression as an automaton, for the subset that has one: literals and
 * escapes, {@code .}, classes with ranges and negation, {@code \d \w \s} and their negations, groups (plain,
 * {@code (?:...)}, named), alternation and the greedy or lazy quantifiers {@code * + ? {n} {n,} {n,m}}.
 *
 * <p>Anything else (anchors, look-around, back-references, flags, possessive quantifiers, Unicode properties, class
 * intersections) is refused with {@link UnsupportedPatternException} rather than approximated: an approximation could
 * hide an overlap. Only expressions that {@code java.util.regex} already compiled are given to this class, so syntax
 * errors need no care beyond refusing.
 */
final class RegexAutomata {

  /** Beyond this, a counted repetition is not worth unrolling into states. */
  private static final int MAX_REPEAT = 100;
  /** {@code .} as compiled with {@code UNIX_LINES}: anything but a line feed. */
  private static final CodePointSet DOT = CodePointSet.of('\n').complement();
  private static final CodePointSet DIGIT = CodePointSet.range('0', '9');
  private static final CodePointSet WORD =
      DIGIT.union(CodePointSet.range('a', 'z')).union(CodePointSet.range('A', 'Z')).union(CodePointSet.of('_'));
  private static final CodePointSet SPACE = CodePointSet.of(' ', '\t', '\n', 0x0B, '\f', '\r');

  private final String regex;
  private int pos;

  private RegexAutomata(String regex) {
    this.regex = regex;
  }

  static Automaton of(String regex) throws UnsupportedPatternException {
    RegexAutomata parser = new RegexAutomata(regex);
    Automaton automaton = parser.alternation();
    if (parser.pos < regex.length()) {
      throw parser.unsupported();
    }
    return automaton;
  }

  private Automaton alternation() throws UnsupportedPatternException {
    List<Automaton> alternatives = new ArrayList<>();
    alternatives.add(concatenation());
    while (peek() == '|') {
      pos++;
      alternatives.add(concatenation());
    }
    return alternatives.size() == 1 ? alternatives.get(0) : Automaton.union(alternatives);
  }

  private Automaton concatenation() throws UnsupportedPatternException {
    List<Automaton> items = new ArrayList<>();
    while (pos < regex.length() && peek() != '|' && peek() != ')') {
      items.add(repetition());
    }
    return Automaton.concatenate(items);
  }

  private Automaton repetition() throws UnsupportedPatternException {
    Automaton atom = atom();
    while (pos < regex.length()) {
      char c = peek();
      if (c == '*') {
        atom = atom.repeat();
      } else if (c == '+') {
        atom = atom.repeat(1);
      } else if (c == '?') {
        atom = atom.optional();
      } else if (c == '{') {
        atom = bounded(atom);
        continue;
      } else {
        break;
      }
      pos++;
      quantifierMode();
    }
    return atom;
  }

  /** {@code {n}}, {@code {n,}} or {@code {n,m}}. */
  private Automaton bounded(Automaton atom) throws UnsupportedPatternException {
    pos++;
    int min = number();
    int max = min;
    if (peek() == ',') {
      pos++;
      max = peek() == '}' ? -1 : number();
    }
    expect('}');
    quantifierMode();
    if (min > MAX_REPEAT || max > MAX_REPEAT) {
      throw unsupported();
    }
    return max < 0 ? atom.repeat(min) : atom.repeat(min, max);
  }

  /** A lazy {@code ?} after a quantifier changes which match is found, not the language; possessive {@code +} does. */
  private void quantifierMode() throws UnsupportedPatternException {
    if (peek() == '?') {
      pos++;
    } else if (peek() == '+') {
      throw unsupported();
    }
  }

  private Automaton atom() throws UnsupportedPatternException {
    int c = next();
    return switch (c) {
      case '(' -> group();
      case '[' -> charClass().toAutomaton();
      case '.' -> DOT.toAutomaton();
      case '\\' -> escape().toAutomaton();
      case '^', '$', '*', '+', '?', '{' -> throw unsupported();
      default -> BasicAutomata.makeString(Character.toString(c));
    };
  }

  private Automaton group() throws UnsupportedPatternException {
    if (regex.startsWith("?:", pos)) {
      pos += 2;
    } else if (regex.startsWith("?<", pos) && pos + 2 < regex.length() && Character.isLetter(regex.charAt(pos + 2))) {
      pos = regex.indexOf('>', pos) + 1; // a named group captures like a plain one
    } else if (peek() == '?') {
      throw unsupported(); // look-around, flags, atomic groups
    }
    Automaton inner = alternation();
    expect(')');
    return inner;
  }

  /** After {@code [}: a class of single characters, ranges and class escapes; no nesting or intersection. */
  private CodePointSet charClass() throws UnsupportedPatternException {
    boolean negated = peek() == '^';
    pos += negated ? 1 : 0;
    if (peek() == ']') {
      throw unsupported();
    }
    CodePointSet set = CodePointSet.of();
    while (peek() != ']') {
      if (peek() == '[' || regex.startsWith("&&", pos)) {
        throw unsupported();
      }
      CodePointSet item = classAtom();
      if (peek() == '-' && pos + 1 < regex.length() && regex.charAt(pos + 1) != ']') {
        pos++;
        item = CodePointSet.range(single(item), single(classAtom()));
      }
      set = set.union(item);
    }
    pos++;
    return negated ? set.complement() : set;
  }

  private CodePointSet classAtom() throws UnsupportedPatternException {
    int c = next();
    return c == '\\' ? escape() : CodePointSet.of(c);
  }

  /** After {@code \}. */
  private CodePointSet escape() throws UnsupportedPatternException {
    int c = next();
    return switch (c) {
      case 'd' -> DIGIT;
      case 'D' -> DIGIT.complement();
      case 'w' -> WORD;
      case 'W' -> WORD.complement();
      case 's' -> SPACE;
      case 'S' -> SPACE.complement();
      case 't' -> CodePointSet.of('\t');
      case 'n' -> CodePointSet.of('\n');
      case 'r' -> CodePointSet.of('\r');
      case 'f' -> CodePointSet.of('\f');
      case 'a' -> CodePointSet.of(0x07);
      case 'e' -> CodePointSet.of(0x1B);
      case 'x' -> CodePointSet.of(peek() == '{' ? braced() : hex(2));
      case 'u' -> CodePointSet.of(hex(4));
      default -> {
        if (Character.isLetterOrDigit(c)) {
          throw unsupported(); // anchors, back-references, properties, quoting
        }
        yield CodePointSet.of(c);
      }
    };
  }

  private int braced() throws UnsupportedPatternException {
    int close = regex.indexOf('}', pos);
    if (close < 0) {
      throw unsupported();
    }
    String digits = regex.substring(pos + 1, close);
    pos = close + 1;
    return parseHex(digits);
  }

  private int hex(int length) throws UnsupportedPatternException {
    if (pos + length > regex.length()) {
      throw unsupported();
    }
    String digits = regex.substring(pos, pos + length);
    pos += length;
    return parseHex(digits);
  }

  private int parseHex(String digits) throws UnsupportedPatternException {
    try {
      return Integer.parseInt(digits, 16);
    } catch (NumberFormatException e) {
      throw unsupported();
    }
  }

  private int number() throws UnsupportedPatternException {
    int start = pos;
    while (pos < regex.length() && Character.isDigit(regex.charAt(pos))) {
      pos++;
    }
    if (start == pos || pos - start > 6) {
      throw unsupported();
    }
    return Integer.parseInt(regex.substring(start, pos));
  }

  /** The one code point of a range end; {@code [\d-z]} has no meaning as a range. */
  private int single(CodePointSet set) throws UnsupportedPatternException {
    int codePoint = set.single();
    if (codePoint < 0) {
      throw unsupported();
    }
    return codePoint;
  }

  private void expect(char c) throws UnsupportedPatternException {
    if (peek() != c) {
      throw unsupported();
    }
    pos++;
  }

  /** The next char, or 0 at the end (never a meaningful character in a URL pattern). */
  private char peek() {
    return pos < regex.length() ? regex.charAt(pos) : 0;
  }

  private int next() throws UnsupportedPatternException {
    if (pos >= regex.length()) {
      throw unsupported();
    }
    int c = regex.codePointAt(pos);
    pos += Character.charCount(c);
    return c;
  }

  private UnsupportedPatternException unsupported() {
    return new UnsupportedPatternException("regular expression \"" + regex + "\" uses a construct at index "
        + Math.min(pos, regex.length()) + " that overlap checks do not support");
  }
}
