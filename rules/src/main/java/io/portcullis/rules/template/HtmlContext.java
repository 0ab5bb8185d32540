package io.portcullis.rules.template;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Go {@code html/template}'s contextual escaping, for the contexts mail templates use: the literal text a document
 * renders moves this tracker through HTML (text, tags, attribute names and values, raw text elements, comments), and
 * each printed value is escaped for where it lands: HTML-escaped in text and attribute values; in URL attributes
 * ({@code href}, {@code src}, ...) a value that starts the URL must be http, https, mailto or relative (otherwise
 * {@code #ZgotmplZ}) and is percent-normalized, one in the query is percent-escaped; in {@code on*} attributes and
 * {@code <script>} a JavaScript string; in {@code style} only a safe CSS value (otherwise {@code ZgotmplZ}). Unlike
 * Go, a template whose branches end in different contexts is not rejected: the context is followed as rendered.
 */
final class HtmlContext {
  static final String FAILSAFE = "ZgotmplZ";
  private static final Set<String> URL_ATTRIBUTES = Set.of("action", "archive", "background", "cite", "classid",
      "codebase", "data", "formaction", "href", "icon", "longdesc", "manifest", "poster", "profile", "src",
      "usemap", "xmlns");
  private static final Set<String> RAW_ELEMENTS = Set.of("script", "style", "textarea", "title");

  private enum State { TEXT, LT, TAG_NAME, TAG, ATTR_NAME, AFTER_ATTR_NAME, BEFORE_VALUE, VALUE, RAW, DECLARATION,
    COMMENT }

  private enum UrlPart { START, PATH, QUERY }

  private State state = State.TEXT;
  private final StringBuilder tagName = new StringBuilder();
  private boolean closingTag;
  private final StringBuilder attrName = new StringBuilder();
  private char quote;
  private UrlPart urlPart = UrlPart.START;
  private String rawElement;
  private final StringBuilder tail = new StringBuilder();

  /** Moves through literal text of the document. */
  void advance(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      step(text.charAt(i));
    }
  }

  private void step(char c) {
    switch (state) {
      case TEXT -> {
        if (c == '<') {
          state = State.LT;
        }
      }
      case LT -> {
        if (c == '/') {
          startTag(true);
        } else if (isLetter(c)) {
          startTag(false);
          tagName.append(Character.toLowerCase(c));
        } else if (c == '!') {
          state = State.DECLARATION;
          tail.setLength(0);
        } else {
          state = c == '<' ? State.LT : State.TEXT;
        }
      }
      case TAG_NAME -> {
        if (c == '>') {
          endTag();
        } else if (isSpace(c) || c == '/') {
          state = State.TAG;
        } else {
          tagName.append(Character.toLowerCase(c));
        }
      }
      case TAG -> {
        if (c == '>') {
          endTag();
        } else if (!isSpace(c) && c != '/') {
          startAttribute(c);
        }
      }
      case ATTR_NAME -> {
        if (c == '>') {
          endTag();
        } else if (c == '=') {
          state = State.BEFORE_VALUE;
        } else if (isSpace(c)) {
          state = State.AFTER_ATTR_NAME;
        } else if (c == '/') {
          state = State.TAG;
        } else {
          attrName.append(Character.toLowerCase(c));
        }
      }
      case AFTER_ATTR_NAME -> {
        if (c == '>') {
          endTag();
        } else if (c == '=') {
          state = State.BEFORE_VALUE;
        } else if (!isSpace(c) && c != '/') {
          startAttribute(c);
        }
      }
      case BEFORE_VALUE -> {
        if (c == '>') {
          endTag();
        } else if (c == '"' || c == '\'') {
          startValue(c);
        } else if (!isSpace(c)) {
          startValue((char) 0);
          valueChar(c);
        }
      }
      case VALUE -> {
        if (quote != 0 ? c == quote : isSpace(c)) {
          state = State.TAG;
        } else if (quote == 0 && c == '>') {
          endTag();
        } else {
          valueChar(c);
        }
      }
      case RAW -> {
        tail.append(Character.toLowerCase(c));
        if (tail.length() > rawElement.length() + 2) {
          tail.deleteCharAt(0);
        }
        if (tail.toString().equals("</" + rawElement)) {
          state = State.TAG;
          closingTag = true;
        }
      }
      case DECLARATION -> {
        // <!-- ... --> is a comment; anything else (<!DOCTYPE>, <![endif]>) ends at its first '>'
        tail.append(c);
        if (tail.toString().equals("--")) {
          state = State.COMMENT;
          tail.setLength(0);
        } else if (c == '>') {
          state = State.TEXT;
        }
      }
      case COMMENT -> {
        tail.append(c);
        if (tail.length() > 3) {
          tail.deleteCharAt(0);
        }
        if (tail.toString().endsWith("-->")) {
          state = State.TEXT;
        }
      }
    }
  }

  private void startTag(boolean closing) {
    state = State.TAG_NAME;
    closingTag = closing;
    tagName.setLength(0);
  }

  private void startAttribute(char c) {
    state = State.ATTR_NAME;
    attrName.setLength(0);
    attrName.append(Character.toLowerCase(c));
  }

  private void startValue(char q) {
    state = State.VALUE;
    quote = q;
    urlPart = UrlPart.START;
  }

  private void valueChar(char c) {
    if (c == '?' || c == '#') {
      urlPart = UrlPart.QUERY;
    } else if (urlPart == UrlPart.START) {
      urlPart = UrlPart.PATH;
    }
  }

  private void endTag() {
    String name = tagName.toString();
    if (!closingTag && RAW_ELEMENTS.contains(name)) {
      state = State.RAW;
      rawElement = name;
      tail.setLength(0);
    } else {
      state = State.TEXT;
    }
  }

  /** {@code value} escaped for the current context; the context moves past it. */
  String escape(String value) {
    switch (state) {
      case TAG_NAME, TAG, ATTR_NAME, AFTER_ATTR_NAME -> {
        String name = attributeName(value);
        if (state != State.ATTR_NAME) {
          attrName.setLength(0);
          state = State.ATTR_NAME;
        }
        attrName.append(name);
        return name;
      }
      case BEFORE_VALUE -> {
        startValue((char) 0);
        return attributeValue(value);
      }
      case VALUE -> {
        return attributeValue(value);
      }
      case RAW -> {
        return switch (rawElement) {
          case "script" -> jsValue(value);
          case "style" -> cssValue(value);
          default -> html(value, false);
        };
      }
      default -> {
        return html(value, false);
      }
    }
  }

  private String attributeValue(String value) {
    String name = attrName.toString();
    int colon = name.indexOf(':');
    String local = colon >= 0 && !name.startsWith("xmlns:") ? name.substring(colon + 1) : name;
    String escaped;
    if (local.startsWith("on")) {
      escaped = jsValue(value);
    } else if (local.equals("style")) {
      escaped = cssValue(value);
    } else if (URL_ATTRIBUTES.contains(local) || local.startsWith("xmlns:") || local.contains("src")
        || local.contains("uri") || local.contains("url")) {
      escaped = switch (urlPart) {
        case START -> url(safeUrl(value) ? value : "#" + FAILSAFE, true);
        case PATH -> url(value, true);
        case QUERY -> url(value, false);
      };
      urlPart = urlPart == UrlPart.START ? UrlPart.PATH : urlPart;
    } else {
      escaped = value;
    }
    return html(escaped, quote == 0);
  }

  /** Go's {@code htmlNameFilter}: a value printed where an attribute name goes must be a plain, harmless name. */
  private static String attributeName(String value) {
    String s = value.toLowerCase(Locale.ROOT);
    if (s.isEmpty() || !s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        || s.startsWith("on") || s.equals("style") || URL_ATTRIBUTES.contains(s) || s.contains("src")
        || s.contains("uri") || s.contains("url")) {
      return FAILSAFE;
    }
    return s;
  }

  /** Go's {@code isSafeURL}: a scheme, if there is one, is http, https or mailto. */
  private static boolean safeUrl(String s) {
    int colon = s.indexOf(':');
    if (colon < 0 || s.substring(0, colon).contains("/")) {
      return true;
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
  }

  /**
   * Go's {@code urlNormalizer} ({@code normalize}: reserved characters and valid escapes stay) and {@code urlEscaper}
   * (everything but unreserved characters is percent-encoded), with lower-case hex as Go writes it.
   */
  static String url(String s, boolean normalize) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean keep;
      if ("!#$&*+,/:;=?@[]".indexOf(c) >= 0) {
        keep = normalize;
      } else if (c == '%') {
        keep = normalize && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
      } else {
        keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
      }
      if (keep) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
      }
    }
    return sb.toString();
  }

  /**
   * Go's {@code htmlEscaper}, and {@code htmlNospaceEscaper} for unquoted attribute values (which also escapes what
   * would end the value).
   */
  static String html(String s, boolean unquoted) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case 0 -> unquoted ? "&#xfffd;" : "\uFFFD";
        case '"' -> "&#34;";
        case '&' -> "&amp;";
        case '\'' -> "&#39;";
        case '+' -> "&#43;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '\t' -> unquoted ? "&#9;" : null;
        case '\n' -> unquoted ? "&#10;" : null;
        case 0x0b -> unquoted ? "&#11;" : null;
        case '\f' -> unquoted ? "&#12;" : null;
        case '\r' -> unquoted ? "&#13;" : null;
        case ' ' -> unquoted ? "&#32;" : null;
        case '=' -> unquoted ? "&#61;" : null;
        case '`' -> unquoted ? "&#96;" : null;
        default -> null;
      };
      if (r != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (r != null) {
          sb.append(r);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Go's {@code jsValEscaper} for a string: a JSON string whose HTML-significant characters are escaped. */
  static String jsValue(String s) {
    return GoFormat.quoted(s, true);
  }

  /** Go's {@code cssValueFilter}: a value that could leave the CSS value (or run an expression) is replaced. */
  static String cssValue(String s) {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\0\"'()/;@[\\]`{}<>".indexOf(c) >= 0 || (c == '-' && i > 0 && s.charAt(i - 1) == '-')) {
        return FAILSAFE;
      }
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        id.append(Character.toLowerCase(c));
      }
    }
    String lower = id.toString();
    return lower.contains("expression") || lower.contains("mozbinding") ? FAILSAFE : s;
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
