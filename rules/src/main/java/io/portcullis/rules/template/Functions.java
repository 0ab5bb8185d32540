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
 * The functions templates may call: Oathkeeper's {@code print} and {@code printIndex}, Go's {@code index} and
 * {@code urlquery}, and the sprig functions header templates use. Arities are checked at compile time so that
 * rendering cannot fail; arguments of the wrong type are read as their printed form (or as nothing, when missing).
 */
final class Functions {

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
      new Fn("hasSuffix", 2, 2, a -> GoValues.str(a.get(1)).endsWith(GoValues.str(a.get(0)))))
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
