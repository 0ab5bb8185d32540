package io.portcullis.rules.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles template source into {@link Expr}s: splits text from {@code {{ }}} actions (honouring {@code {{- }} and
 * {@code -}}} trimming the way Go does: the dash must be separated from the action by a space), tokenizes each action
 * and parses it as a pipeline.
 */
final class TemplateParser {

  record Result(List<Expr> parts, boolean hasActions) {}

  private enum Kind { DOT, FIELD, IDENT, LITERAL, PIPE, LPAREN, RPAREN, END }

  /** @param value a literal's value, or a field chain's names */
  private record Token(Kind kind, String text, Object value, int offset) {}

  private static final Set<String> KEYWORDS =
      Set.of("if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

  private final String source;
  private int pos;
  private boolean trimAfter;
  private List<Token> tokens;
  private int next;

  private TemplateParser(String source) {
    this.source = source;
  }

  static Result parse(String source) throws TemplateException {
    return new TemplateParser(source).run();
  }

  private Result run() throws TemplateException {
    List<Expr> parts = new ArrayList<>();
    boolean hasActions = false;
    while (true) {
      int open = source.indexOf("{{", pos);
      String text = source.substring(pos, open < 0 ? source.length() : open);
      text = trimAfter ? text.stripLeading() : text;
      boolean trimBefore = open >= 0 && source.startsWith("-", open + 2) && open + 3 < source.length()
          && isSpace(source.charAt(open + 3));
      text = trimBefore ? text.stripTrailing() : text;
      if (!text.isEmpty()) {
        parts.add(new Expr.Const(text));
      }
      if (open < 0) {
        return new Result(List.copyOf(parts), hasActions);
      }
      pos = open + (trimBefore ? 3 : 2);
      tokens = lexAction(open);
      next = 0;
      parts.add(pipeline(Kind.END));
      hasActions = true;
    }
  }

  // ---- lexing one action ----

  private List<Token> lexAction(int open) throws TemplateException {
    List<Token> result = new ArrayList<>();
    while (true) {
      int start = pos;
      while (pos < source.length() && isSpace(source.charAt(pos))) {
        pos++;
      }
      if (pos >= source.length()) {
        throw error("unclosed action", open);
      }
      boolean spaced = pos > start;
      if (source.startsWith("}}", pos) || (spaced && source.startsWith("-}}", pos))) {
        trimAfter = source.charAt(pos) == '-';
        result.add(new Token(Kind.END, "}}", null, pos));
        pos += trimAfter ? 3 : 2;
        return result;
      }
      result.add(token());
    }
  }

  private Token token() throws TemplateException {
    int start = pos;
    char c = source.charAt(pos);
    switch (c) {
      case '|':
        pos++;
        return new Token(Kind.PIPE, "|", null, start);
      case '(':
        pos++;
        return new Token(Kind.LPAREN, "(", null, start);
      case ')':
        pos++;
        return new Token(Kind.RPAREN, ")", null, start);
      case '"':
        String value = quoted();
        return new Token(Kind.LITERAL, source.substring(start, pos), value, start);
      case '`':
        int close = source.indexOf('`', pos + 1);
        if (close < 0) {
          throw error("unterminated raw string", start);
        }
        pos = close + 1;
        return new Token(Kind.LITERAL, source.substring(start, pos), source.substring(start + 1, close), start);
      case '.':
        return dotOrFields();
      case '$':
        throw error("variables are not supported", start);
      default:
        if (Character.isDigit(c) || ((c == '-' || c == '+') && pos + 1 < source.length()
            && Character.isDigit(source.charAt(pos + 1)))) {
          return number();
        }
        if (isIdentifierStart(c)) {
          String name = identifier();
          return switch (name) {
            case "true", "false" -> new Token(Kind.LITERAL, name, Boolean.valueOf(name), start);
            case "nil" -> new Token(Kind.LITERAL, name, null, start);
            default -> new Token(Kind.IDENT, name, null, start);
          };
        }
        throw error("unexpected character '" + c + "'", start);
    }
  }

  private Token dotOrFields() {
    int start = pos;
    List<String> names = new ArrayList<>();
    while (pos + 1 < source.length() && source.charAt(pos) == '.' && isIdentifierStart(source.charAt(pos + 1))) {
      pos++;
      names.add(identifier());
    }
    if (names.isEmpty()) {
      pos++;
      return new Token(Kind.DOT, ".", null, start);
    }
    return new Token(Kind.FIELD, source.substring(start, pos), List.copyOf(names), start);
  }

  private Token number() throws TemplateException {
    int start = pos;
    pos++;
    while (pos < source.length() && Character.isDigit(source.charAt(pos))) {
      pos++;
    }
    if (pos < source.length() && (isIdentifierPart(source.charAt(pos)) || source.charAt(pos) == '.')) {
      throw error("bad number syntax (only integers are supported)", start);
    }
    String text = source.substring(start, pos);
    try {
      return new Token(Kind.LITERAL, text, Long.parseLong(text.startsWith("+") ? text.substring(1) : text), start);
    } catch (NumberFormatException e) {
      throw error("number " + text + " is out of range", start);
    }
  }

  /** A Go interpreted string literal, with its common escapes. */
  private String quoted() throws TemplateException {
    int start = pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= source.length() || source.charAt(pos) == '\n') {
        throw error("unterminated quoted string", start);
      }
      char c = source.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = pos < source.length() ? source.charAt(pos++) : '\n';
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '\\', '"', '\'' -> sb.append(e);
        case 'x' -> sb.appendCodePoint(hex(2, start));
        case 'u' -> sb.appendCodePoint(hex(4, start));
        case 'U' -> sb.appendCodePoint(hex(8, start));
        default -> throw error("unknown escape sequence \\" + e, pos - 2);
      }
    }
  }

  private int hex(int length, int start) throws TemplateException {
    int value = -1;
    if (pos + length <= source.length()) {
      try {
        value = Integer.parseInt(source.substring(pos, pos + length), 16);
      } catch (NumberFormatException e) {
        value = -1;
      }
    }
    if (value < 0 || value > Character.MAX_CODE_POINT) {
      throw error("bad escape sequence in string", start);
    }
    pos += length;
    return value;
  }

  private String identifier() {
    int start = pos;
    while (pos < source.length() && isIdentifierPart(source.charAt(pos))) {
      pos++;
    }
    return source.substring(start, pos);
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  // ---- parsing the tokens of one action ----

  private Expr pipeline(Kind terminator) throws TemplateException {
    List<Expr> stages = new ArrayList<>();
    do {
      stages.add(command(!stages.isEmpty()));
    } while (accept(Kind.PIPE));
    Token end = tokens.get(next++);
    if (end.kind() != terminator) {
      throw error("unexpected \"" + end.text() + "\"", end.offset());
    }
    return stages.size() == 1 ? stages.get(0) : new Expr.Pipeline(List.copyOf(stages));
  }

  private Expr command(boolean piped) throws TemplateException {
    Token first = tokens.get(next++);
    if (first.kind() == Kind.PIPE || first.kind() == Kind.RPAREN || first.kind() == Kind.END) {
      throw error("missing value for command", first.offset());
    }
    if (first.kind() == Kind.IDENT && KEYWORDS.contains(first.text())) {
      throw error("\"" + first.text() + "\" actions are not supported", first.offset());
    }
    Expr parenthesized = first.kind() == Kind.LPAREN ? pipeline(Kind.RPAREN) : null;
    List<Expr> args = new ArrayList<>();
    while (!atCommandEnd()) {
      args.add(argument(tokens.get(next++)));
    }
    int count = args.size() + (piped ? 1 : 0);
    if (first.kind() == Kind.IDENT) {
      Functions.Fn function = function(first);
      if (count < function.minArgs() || count > function.maxArgs()) {
        throw error("function \"" + first.text() + "\" takes " + function.arity() + ", got " + count,
            first.offset());
      }
      return new Expr.Call(function, List.copyOf(args));
    }
    if (first.kind() == Kind.FIELD && count > 0) {
      List<String> names = fieldNames(first);
      return new Expr.Method(names.subList(0, names.size() - 1), names.get(names.size() - 1), List.copyOf(args));
    }
    if (count > 0) {
      String what = parenthesized != null ? "(...)" : first.text();
      throw error("can't give arguments to non-function " + what, first.offset());
    }
    return parenthesized != null ? parenthesized : argument(first);
  }

  private Expr argument(Token token) throws TemplateException {
    return switch (token.kind()) {
      case DOT -> new Expr.Root();
      case FIELD -> new Expr.Fields(fieldNames(token));
      case LITERAL -> new Expr.Const(token.value());
      case LPAREN -> pipeline(Kind.RPAREN);
      case IDENT -> {
        function(token); // an unknown name is the more useful complaint
        throw error("function \"" + token.text() + "\" must be in parentheses to be used as an argument",
            token.offset());
      }
      default -> throw error("unexpected \"" + token.text() + "\"", token.offset());
    };
  }

  private Functions.Fn function(Token token) throws TemplateException {
    Functions.Fn function = Functions.named(token.text());
    if (function == null) {
      throw error("unknown function \"" + token.text() + "\"", token.offset());
    }
    return function;
  }

  @SuppressWarnings("unchecked")
  private static List<String> fieldNames(Token token) {
    return (List<String>) token.value();
  }

  private boolean atCommandEnd() {
    Kind kind = tokens.get(next).kind();
    return kind == Kind.PIPE || kind == Kind.RPAREN || kind == Kind.END;
  }

  private boolean accept(Kind kind) {
    if (tokens.get(next).kind() == kind) {
      next++;
      return true;
    }
    return false;
  }

  private TemplateException error(String problem, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = offset - lineStart + 1;
    String where = source.indexOf('\n') < 0 ? "column " + column : "line " + line + ", column " + column;
    return new TemplateException(problem + " at " + where);
  }
}
