package io.portcullis.rules.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles template source: splits text from {@code {{ }}} actions (honouring {@code {{- }} and {@code -}}} trimming
 * the way Go does: the dash must be separated from the action by a space), tokenizes each action and parses it as a
 * pipeline. Header templates ({@link #parse}) are text and pipelines only; documents ({@link #parseDocument}) also
 * have Go's control structures, variables, comments and named templates.
 */
final class TemplateParser {

  record Result(List<Expr> parts, boolean hasActions) {}

  /** @param templates the templates {@code define} (or {@code block}) added, by name */
  record DocumentResult(List<Node> nodes, Map<String, List<Node>> templates, Set<String> called) {}

  private enum Kind { DOT, FIELD, VARIABLE, IDENT, LITERAL, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, END }

  /** @param value a literal's value, or a field chain's names */
  private record Token(Kind kind, String text, Object value, int offset) {}

  /** One piece of the source: literal text, or an action's tokens (null for a comment). */
  private record Item(String text, List<Token> tokens, int offset) {}

  private static final Set<String> KEYWORDS =
      Set.of("if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

  private final String source;
  private final boolean document;
  private int pos;
  private boolean trimAfter;
  private List<Token> tokens;
  private int next;
  // documents: the items, the next one to parse, the variables in scope, templates defined and called
  private List<Item> items;
  private int item;
  private final Deque<Set<String>> variables = new ArrayDeque<>();
  private final Map<String, List<Node>> templates = new LinkedHashMap<>();
  private final Set<String> called = new LinkedHashSet<>();
  private int rangeDepth;

  private TemplateParser(String source, boolean document) {
    this.source = source;
    this.document = document;
  }

  static Result parse(String source) throws TemplateException {
    TemplateParser p = new TemplateParser(source, false);
    List<Expr> parts = new ArrayList<>();
    boolean hasActions = false;
    for (Item i : p.lex()) {
      if (i.tokens() == null) {
        parts.add(new Expr.Const(i.text()));
      } else {
        p.tokens = i.tokens();
        p.next = 0;
        parts.add(p.pipeline(Kind.END));
        hasActions = true;
      }
    }
    return new Result(List.copyOf(parts), hasActions);
  }

  static DocumentResult parseDocument(String source) throws TemplateException {
    TemplateParser p = new TemplateParser(source, true);
    p.items = p.lex();
    p.variables.push(new HashSet<>(Set.of("$")));
    List<Node> nodes = new ArrayList<>();
    Item stop = p.list(nodes, true);
    if (stop != null) {
      throw p.error("unexpected {{" + stop.tokens().get(0).text() + "}}", stop.offset());
    }
    return new DocumentResult(List.copyOf(nodes), p.templates, p.called);
  }

  /** The source as text and actions; a comment action is left out (documents only). */
  private List<Item> lex() throws TemplateException {
    List<Item> result = new ArrayList<>();
    while (true) {
      int open = source.indexOf("{{", pos);
      String text = source.substring(pos, open < 0 ? source.length() : open);
      text = trimAfter ? text.stripLeading() : text;
      boolean trimBefore = open >= 0 && source.startsWith("-", open + 2) && open + 3 < source.length()
          && isSpace(source.charAt(open + 3));
      text = trimBefore ? text.stripTrailing() : text;
      if (!text.isEmpty()) {
        result.add(new Item(text, null, pos));
      }
      if (open < 0) {
        return result;
      }
      pos = open + (trimBefore ? 3 : 2);
      if (document && comment(open, trimBefore)) {
        continue;
      }
      result.add(new Item(null, lexAction(open), open));
    }
  }

  /** {@code {{/* ... *}{@code /}}}, the comment right after the delimiter; false when the action is no comment. */
  private boolean comment(int open, boolean trimBefore) throws TemplateException {
    int start = trimBefore ? pos + 1 : pos;
    if (!source.startsWith("/*", start)) {
      return false;
    }
    int close = source.indexOf("*/", start + 2);
    if (close < 0) {
      throw error("unclosed comment", open);
    }
    pos = close + 2;
    if (source.startsWith(" -}}", pos)) {
      trimAfter = true;
      pos += 4;
    } else if (source.startsWith("}}", pos)) {
      trimAfter = false;
      pos += 2;
    } else {
      throw error("comment ends before closing delimiter", open);
    }
    return true;
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
        if (!document) {
          throw error("variables are not supported", start);
        }
        return variable();
      case ':':
        if (document && source.startsWith(":=", pos)) {
          pos += 2;
          return new Token(Kind.DECLARE, ":=", null, start);
        }
        throw error("unexpected character ':'", start);
      case '=':
        if (document) {
          pos++;
          return new Token(Kind.ASSIGN, "=", null, start);
        }
        throw error("unexpected character '='", start);
      case ',':
        if (document) {
          pos++;
          return new Token(Kind.COMMA, ",", null, start);
        }
        throw error("unexpected character ','", start);
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

  /** {@code $}, {@code $name}, each optionally followed by fields: the value is the fields' names. */
  private Token variable() {
    int start = pos++;
    String name = "$" + identifier();
    List<String> names = new ArrayList<>();
    while (pos + 1 < source.length() && source.charAt(pos) == '.' && isIdentifierStart(source.charAt(pos + 1))) {
      pos++;
      names.add(identifier());
    }
    return new Token(Kind.VARIABLE, name, List.copyOf(names), start);
  }

  private Token number() throws TemplateException {
    int start = pos;
    pos++;
    while (pos < source.length() && Character.isDigit(source.charAt(pos))) {
      pos++;
    }
    if (document && pos + 1 < source.length() && source.charAt(pos) == '.'
        && Character.isDigit(source.charAt(pos + 1))) {
      pos++;
      while (pos < source.length() && Character.isDigit(source.charAt(pos))) {
        pos++;
      }
      if (pos < source.length() && (isIdentifierPart(source.charAt(pos)) || source.charAt(pos) == '.')) {
        throw error("bad number syntax", start);
      }
      return new Token(Kind.LITERAL, source.substring(start, pos), Double.parseDouble(source.substring(start, pos)),
          start);
    }
    if (pos < source.length() && (isIdentifierPart(source.charAt(pos)) || source.charAt(pos) == '.')) {
      throw error(document ? "bad number syntax" : "bad number syntax (only integers are supported)", start);
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

  // ---- the structure of a document ----

  /**
   * Parses nodes into {@code into} up to an {@code else} or {@code end} action, which is returned, or the end of the
   * source (null).
   *
   * @param top whether this is the top level, where {@code define} is allowed
   */
  private Item list(List<Node> into, boolean top) throws TemplateException {
    while (item < items.size()) {
      Item i = items.get(item++);
      if (i.tokens() == null) {
        into.add(new Node.Text(i.text()));
        continue;
      }
      tokens = i.tokens();
      next = 0;
      Token first = tokens.get(0);
      String keyword = first.kind() == Kind.IDENT && KEYWORDS.contains(first.text()) ? first.text() : null;
      if (keyword == null) {
        into.add(new Node.Print(action()));
        continue;
      }
      next = 1;
      switch (keyword) {
        case "end", "else" -> {
          return i;
        }
        case "if", "with" -> into.add(branch(keyword, i));
        case "range" -> into.add(range(i));
        case "template" -> into.add(call(first));
        case "block" -> {
          Node.Call call = call(first);
          define(call.name(), i);
          into.add(call);
        }
        case "define" -> {
          if (!top) {
            throw error("unexpected {{define}}: define is only allowed at the top level", first.offset());
          }
          Token name = tokens.get(next++);
          if (name.kind() != Kind.LITERAL || !(name.value() instanceof String)) {
            throw error("define needs a template name in quotes", name.offset());
          }
          endOfAction("define");
          define((String) name.value(), i);
        }
        default -> { // break, continue
          if (rangeDepth == 0) {
            throw error("{{" + keyword + "}} outside {{range}}", first.offset());
          }
          endOfAction(keyword);
          into.add(keyword.equals("break") ? Node.Loop.BREAK : Node.Loop.CONTINUE);
        }
      }
    }
    return null;
  }

  /** A pipeline, or a variable declared ({@code $x := ...}) or assigned ({@code $x = ...}) from one. */
  private Expr action() throws TemplateException {
    Token first = tokens.get(next);
    Kind after = next + 1 < tokens.size() ? tokens.get(next + 1).kind() : Kind.END;
    if (first.kind() != Kind.VARIABLE || !fieldNames(first).isEmpty() || (after != Kind.DECLARE
        && after != Kind.ASSIGN)) {
      return pipeline(Kind.END);
    }
    boolean declare = after == Kind.DECLARE;
    if (!declare) {
      variableExpr(first, List.of());
    }
    next += 2;
    Expr value = pipeline(Kind.END);
    if (declare) {
      variables.peek().add(first.text());
    }
    return new Expr.Assign(first.text(), declare, value);
  }

  /** {@code if} or {@code with}, with its {@code else}, {@code else if} or {@code else with} branches. */
  private Node branch(String keyword, Item at) throws TemplateException {
    variables.push(new HashSet<>());
    Expr value = action();
    List<Node> then = new ArrayList<>();
    Item stop = expectStop(list(then, false), keyword, at);
    List<Node> otherwise = new ArrayList<>();
    if (isElse(stop)) {
      tokens = stop.tokens();
      Token t = tokens.get(1);
      if (t.kind() == Kind.IDENT && (t.text().equals("if") || t.text().equals("with"))) {
        next = 2;
        otherwise.add(branch(t.text(), stop)); // the chained branch takes the shared {{end}}
      } else {
        next = 1;
        endOfAction("else");
        Item end = expectStop(list(otherwise, false), keyword, at);
        if (isElse(end)) {
          throw error("expected end; found {{else}}", end.offset());
        }
      }
    }
    variables.pop();
    return keyword.equals("if") ? new Node.If(value, List.copyOf(then), List.copyOf(otherwise))
        : new Node.With(value, List.copyOf(then), List.copyOf(otherwise));
  }

  /** {@code range}, optionally declaring {@code $element} or {@code $index, $element}, with its {@code else}. */
  private Node range(Item at) throws TemplateException {
    variables.push(new HashSet<>());
    String index = null;
    String element = null;
    if (kindAt(1) == Kind.VARIABLE && fieldNames(tokens.get(1)).isEmpty()) {
      if (kindAt(2) == Kind.COMMA && kindAt(3) == Kind.VARIABLE && kindAt(4) == Kind.DECLARE) {
        index = tokens.get(1).text();
        element = tokens.get(3).text();
        next = 5;
      } else if (kindAt(2) == Kind.DECLARE) {
        element = tokens.get(1).text();
        next = 3;
      }
    }
    Expr value = pipeline(Kind.END);
    if (index != null) {
      variables.peek().add(index);
    }
    if (element != null) {
      variables.peek().add(element);
    }
    List<Node> body = new ArrayList<>();
    rangeDepth++;
    Item stop = expectStop(list(body, false), "range", at);
    rangeDepth--;
    List<Node> otherwise = new ArrayList<>();
    if (isElse(stop)) {
      tokens = stop.tokens();
      next = 1;
      endOfAction("else");
      Item end = expectStop(list(otherwise, false), "range", at);
      if (isElse(end)) {
        throw error("expected end; found {{else}}", end.offset());
      }
    }
    variables.pop();
    return new Node.Range(index, element, value, List.copyOf(body), List.copyOf(otherwise));
  }

  /** {@code template "name"} or {@code template "name" pipeline} (and the call part of {@code block}). */
  private Node.Call call(Token keyword) throws TemplateException {
    Token name = tokens.get(next++);
    if (name.kind() != Kind.LITERAL || !(name.value() instanceof String)) {
      throw error(keyword.text() + " needs a template name in quotes", name.offset());
    }
    Expr argument = kindAt(next) == Kind.END ? null : pipeline(Kind.END);
    called.add((String) name.value());
    return new Node.Call((String) name.value(), argument, name.offset());
  }

  /** The body of {@code define} or {@code block}, up to its {@code end}; variables of the caller are not visible. */
  private void define(String name, Item at) throws TemplateException {
    Deque<Set<String>> outer = new ArrayDeque<>(variables);
    int outerRange = rangeDepth;
    variables.clear();
    variables.push(new HashSet<>(Set.of("$")));
    rangeDepth = 0;
    List<Node> body = new ArrayList<>();
    Item end = expectStop(list(body, false), "define", at);
    if (isElse(end)) {
      throw error("unexpected {{else}} in define", end.offset());
    }
    templates.put(name, List.copyOf(body));
    variables.clear();
    variables.addAll(outer);
    rangeDepth = outerRange;
  }

  private Item expectStop(Item stop, String construct, Item at) throws TemplateException {
    if (stop == null) {
      throw error("unexpected EOF: {{" + construct + "}} has no {{end}}", at.offset());
    }
    if (!isElse(stop)) {
      tokens = stop.tokens();
      next = 1;
      endOfAction("end");
    }
    return stop;
  }

  private static boolean isElse(Item stop) {
    return stop.tokens().get(0).text().equals("else");
  }

  private void endOfAction(String keyword) throws TemplateException {
    Token t = tokens.get(next);
    if (t.kind() != Kind.END) {
      throw error("unexpected \"" + t.text() + "\" in " + keyword, t.offset());
    }
  }

  private Kind kindAt(int index) {
    return index < tokens.size() ? tokens.get(index).kind() : Kind.END;
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
      throw error(document ? "unexpected \"" + first.text() + "\" in command"
          : "\"" + first.text() + "\" actions are not supported", first.offset());
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
      return new Expr.Method(new Expr.Fields(names.subList(0, names.size() - 1)), names.get(names.size() - 1),
          List.copyOf(args));
    }
    if (first.kind() == Kind.VARIABLE && count > 0 && !fieldNames(first).isEmpty()) {
      List<String> names = fieldNames(first);
      return new Expr.Method(variableExpr(first, names.subList(0, names.size() - 1)), names.get(names.size() - 1),
          List.copyOf(args));
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
      case VARIABLE -> variableExpr(token, fieldNames(token));
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

  private Expr variableExpr(Token token, List<String> names) throws TemplateException {
    String name = token.text();
    if (variables.stream().noneMatch(scope -> scope.contains(name))) {
      throw error("undefined variable \"" + name + "\"", token.offset());
    }
    return new Expr.Variable(name, names);
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
