package io.portcullis.rules.template;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The functions templates may call: Oathkeeper's {@code print} and {@code printIndex}; Go's built-ins ({@code index},
 * {@code urlquery}, {@code and}, {@code or}, {@code not}, {@code eq}, {@code ne}, {@code lt}, {@code le}, {@code gt},
 * {@code ge}, {@code len}, {@code printf}, {@code println}, {@code html}); and the sprig functions header and mail
 * templates use. Arities are checked at compile time so that rendering cannot fail; arguments of the wrong type are
 * read as their printed form (or as nothing, when missing), and comparisons of unlike values are false.
 */
final class Functions {

  /**
   * The first argument that is empty ({@code and}) or not ({@code or}), else the last. A loop, not a stream: the
   * deciding argument may be nil (a missing key), which {@code findFirst} cannot return.
   */
  private static Object deciding(List<Object> args, boolean empty) {
    for (Object v : args) {
      if (GoValues.isEmpty(v) == empty) {
        return v;
      }
    }
    return args.get(args.size() - 1);
  }

  private static final int ANY = Integer.MAX_VALUE;

  /** A callable function with the number of arguments it takes (the piped value counts). */
  record Fn(String name, int minArgs, int maxArgs, Function<List<Object>, Object> body) {

    Object apply(List<Object> args) {
      return body.apply(args);
    }

    String arity() {
      if (minArgs == maxArgs) {
        return minArgs + (minArgs == 1 ? " argument" : " arguments");
      }
      return maxArgs == ANY ? "at least " + minArgs + " arguments" : minArgs + " to " + maxArgs + " arguments";
    }
  }

  private static final Map<String, Fn> ALL = List.of(
      new Fn("print", 0, ANY, GoValues::sprint),
      new Fn("printIndex", 2, 2, a -> printIndex(a.get(0), a.get(1))),
      new Fn("index", 1, ANY, a -> Lookup.index(a.get(0), a.subList(1, a.size()))),
      new Fn("default", 1, 2, a -> a.size() < 2 || GoValues.isEmpty(a.get(1)) ? a.get(0) : a.get(1)),
      new Fn("upper", 1, 1, a -> GoValues.str(a.get(0)).toUpperCase(Locale.ROOT)),
      new Fn("lower", 1, 1, a -> GoValues.str(a.get(0)).toLowerCase(Locale.ROOT)),
      new Fn("trim", 1, 1, a -> GoValues.str(a.get(0)).strip()),
      new Fn("quote", 0, ANY, Functions::quote),
      new Fn("join", 2, 2, a -> join(GoValues.str(a.get(0)), a.get(1))),
      new Fn("b64enc", 1, 1, a -> Base64.getEncoder().encodeToString(utf8(a.get(0)))),
      new Fn("urlquery", 0, ANY, a -> queryEscape(a.size() == 1 ? GoValues.str(a.get(0)) : GoValues.sprint(a))),
      new Fn("replace", 3, 3, a -> GoValues.str(a.get(2)).replace(GoValues.str(a.get(0)), GoValues.str(a.get(1)))),
      new Fn("contains", 2, 2, a -> GoValues.str(a.get(1)).contains(GoValues.str(a.get(0)))),
      new Fn("hasPrefix", 2, 2, a -> GoValues.str(a.get(1)).startsWith(GoValues.str(a.get(0)))),
      new Fn("hasSuffix", 2, 2, a -> GoValues.str(a.get(1)).endsWith(GoValues.str(a.get(0)))),
      // Go's built-ins; and/or return the deciding argument, as Go does
      new Fn("and", 1, ANY, a -> deciding(a, true)),
      new Fn("or", 1, ANY, a -> deciding(a, false)),
      new Fn("not", 1, 1, a -> GoValues.isEmpty(a.get(0))),
      new Fn("eq", 2, ANY, a -> a.subList(1, a.size()).stream().anyMatch(v -> GoValues.compare(a.get(0), v) == 0)),
      new Fn("ne", 2, 2, a -> GoValues.compare(a.get(0), a.get(1)) != 0),
      new Fn("lt", 2, 2, a -> ordered(a, c -> c < 0)),
      new Fn("le", 2, 2, a -> ordered(a, c -> c <= 0)),
      new Fn("gt", 2, 2, a -> ordered(a, c -> c > 0)),
      new Fn("ge", 2, 2, a -> ordered(a, c -> c >= 0)),
      new Fn("len", 1, 1, a -> (long) length(a.get(0))),
      new Fn("printf", 1, ANY, a -> GoFormat.printf(GoValues.str(a.get(0)), a.subList(1, a.size()))),
      new Fn("println", 0, ANY, a -> a.stream().map(v -> v == null ? "<nil>" : GoValues.str(v))
          .collect(Collectors.joining(" ")) + "\n"),
      new Fn("html", 0, ANY, a -> htmlEscape(GoValues.sprint(a))),
      // sprig
      new Fn("title", 1, 1, a -> title(GoValues.str(a.get(0)))),
      new Fn("trimPrefix", 2, 2, a -> trimPrefix(GoValues.str(a.get(1)), GoValues.str(a.get(0)))),
      new Fn("trimSuffix", 2, 2, a -> trimSuffix(GoValues.str(a.get(1)), GoValues.str(a.get(0)))),
      new Fn("trunc", 2, 2, a -> trunc(GoValues.str(a.get(1)), a.get(0))),
      new Fn("repeat", 2, 2, a -> a.get(0) instanceof Number n && n.longValue() > 0 && n.longValue() < 10_000
          ? GoValues.str(a.get(1)).repeat(n.intValue()) : ""),
      new Fn("toString", 1, 1, a -> GoValues.str(a.get(0))),
      new Fn("empty", 1, 1, a -> GoValues.isEmpty(a.get(0))),
      new Fn("coalesce", 0, ANY, a -> a.stream().filter(v -> !GoValues.isEmpty(v)).findFirst().orElse(null)),
      new Fn("ternary", 3, 3, a -> GoValues.isEmpty(a.get(2)) ? a.get(1) : a.get(0)),
      new Fn("hasKey", 2, 2, a -> a.get(0) instanceof Map<?, ?> m && m.containsKey(GoValues.str(a.get(1)))),
      new Fn("splitList", 2, 2, a -> List.of(GoValues.str(a.get(1)).split(
          java.util.regex.Pattern.quote(GoValues.str(a.get(0))), -1))))
      .stream().collect(Collectors.toUnmodifiableMap(Fn::name, f -> f));

  private Functions() {}

  /** The function called {@code name}, or null. */
  static Fn named(String name) {
    return ALL.get(name);
  }

  /** Oathkeeper's: element {@code i} of a list as a string, empty when there is none. */
  private static String printIndex(Object list, Object i) {
    if (list instanceof List<?> items) {
      int position = Lookup.position(i, items.size());
      return position < 0 ? "" : GoValues.str(items.get(position));
    }
    return "";
  }

  /** Sprig's: each non-missing argument Go-quoted, space separated. */
  private static String quote(List<Object> args) {
    return args.stream().filter(a -> a != null).map(a -> GoFormat.quote(GoValues.str(a))).collect(Collectors.joining(" "));
  }

  /** Sprig's: the list's non-missing elements printed and joined; a non-list is a list of itself. */
  private static String join(String separator, Object list) {
    if (list == null) {
      return "";
    }
    Collection<?> items = list instanceof Collection<?> c ? c : List.of(list);
    return items.stream().filter(a -> a != null).map(GoValues::str).collect(Collectors.joining(separator));
  }

  private static boolean ordered(List<Object> args, java.util.function.IntPredicate test) {
    Integer c = GoValues.order(args.get(0), args.get(1));
    return c != null && test.test(c);
  }

  /** Go's {@code len}: bytes of a string (UTF-8), elements of a list or map; 0 for anything else. */
  private static int length(Object value) {
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8).length;
    }
    if (value instanceof Collection<?> c) {
      return c.size();
    }
    return value instanceof Map<?, ?> m ? m.size() : 0;
  }

  /** Go's {@code html} (HTMLEscapeString). */
  private static String htmlEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case 0 -> sb.append('\uFFFD');
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Go's {@code strings.Title}: the first letter of each word upper-cased. */
  private static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      sb.appendCodePoint(start ? Character.toTitleCase(cp) : cp);
      start = !Character.isLetterOrDigit(cp) && cp != '_' && cp != '\'';
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static String trimPrefix(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  private static String trimSuffix(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }

  /** Sprig's: the first n characters, or the last -n when n is negative. */
  private static String trunc(String s, Object n) {
    if (!(n instanceof Number number)) {
      return s;
    }
    long c = number.longValue();
    if (c >= 0) {
      return c >= s.length() ? s : s.substring(0, (int) c);
    }
    return -c >= s.length() ? s : s.substring(s.length() + (int) c);
  }

  private static byte[] utf8(Object value) {
    return GoValues.str(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Go's {@code url.QueryEscape}: only letters, digits and {@code -_.~} stay; space becomes {@code +}. */
  private static String queryEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        sb.append(c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
