package io.portcullis.rules.url;

import io.portcullis.rules.url.HostNormalizer;
import io.portcullis.rules.url.PathNormalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns what a client sent into the one canonical URL that rules are matched against and that is forwarded, so a
 * path cannot be authorized as one thing and served as another ({@code /public/../admin}).
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>The scheme is lower-cased and must be a valid URI scheme.</li>
 *   <li>The authority is lower-cased and must be {@code host[:port]}: a DNS name ({@code a-z 0-9 - . _ ~}), an IPv4
 *       address or a bracketed IPv6 address, and a port from 1 to 65535. User info ({@code user@}), an empty host,
 *       an empty port or any other character is refused. One trailing dot of a DNS name is removed
 *       ({@code example.com.} is {@code example.com}), leading zeros of the port are dropped, and the scheme's
 *       default port ({@code :80} for http, {@code :443} for https) is removed.</li>
 *   <li>The request target is origin-form ({@code /path?query}) or absolute-form ({@code http://host/path?query});
 *       in absolute-form only the path and query are used, the authority argument always wins. A {@code #} is
 *       refused.</li>
 *   <li>The query (after the first {@code ?}) is split off and kept exactly as sent; it takes no part in
 *       matching.</li>
 *   <li>A literal {@code \} in the path is refused.</li>
 *   <li>The path is percent-decoded exactly once, as UTF-8 ({@code %252e} stays the three characters {@code %2e}).
 *       A malformed escape ({@code %zz}, a truncated {@code %4}) or invalid UTF-8 is refused.</li>
 *   <li>{@code %2F} and {@code %5C} (an encoded {@code /} or {@code \}) are refused under
 *       {@link EncodedSlashPolicy#REJECT} (the default) and become {@code /} under
 *       {@link EncodedSlashPolicy#DECODE}.</li>
 *   <li>A decoded control character (U+0000 to U+001F, U+007F), {@code %00} included, is refused.</li>
 *   <li>Repeated slashes are merged ({@code //admin} is {@code /admin}).</li>
 *   <li>Dot segments are removed as RFC 3986 section 5.2.4 says, after decoding: {@code /public/../admin} and
 *       {@code /public/%2e%2e/admin} are {@code /admin}, {@code /./admin} is {@code /admin}, and {@code ..} above the
 *       root stays at the root.</li>
 *   <li>The path always starts with {@code /} (an empty path is {@code /}); a trailing slash is kept; nothing in
 *       the path is case-folded.</li>
 * </ol>
 * Refusals throw {@link InvalidRequestUrlException}, answered with 400.
 */
public final class UrlNormalizer {

  private final EncodedSlashPolicy policy;

  public UrlNormalizer(EncodedSlashPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * @param scheme the request's scheme ({@code http}, {@code https})
   * @param authority the {@code Host} header (or HTTP/2 {@code :authority})
   * @param requestTarget the request-line target, e.g. {@code /a/b?x=1}
   */
  public RequestUrl normalize(String scheme, String authority, String requestTarget)
      throws InvalidRequestUrlException {
    String normalizedScheme = scheme(scheme);
    String host = HostNormalizer.normalize(authority, normalizedScheme);
    String pathAndQuery = originForm(requestTarget);
    if (pathAndQuery.indexOf('#') >= 0) {
      throw new InvalidRequestUrlException("the request target contains '#'");
    }
    int question = pathAndQuery.indexOf('?');
    String rawPath = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    String rawQuery = question < 0 ? null : pathAndQuery.substring(question + 1);
    return new RequestUrl(normalizedScheme, host, PathNormalizer.normalize(rawPath, policy), rawQuery);
  }

  private static String scheme(String scheme) throws InvalidRequestUrlException {
    if (!isScheme(scheme)) {
      throw new InvalidRequestUrlException("invalid scheme \"" + scheme + "\"");
    }
    return scheme.toLowerCase(Locale.ROOT);
  }

  /** RFC 3986: {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}. */
  private static boolean isScheme(String s) {
    if (s == null || s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The path and query of the target; an absolute-form target loses its scheme and authority. */
  private static String originForm(String target) throws InvalidRequestUrlException {
    if (target == null || target.isEmpty()) {
      throw new InvalidRequestUrlException("empty request target");
    }
    if (target.startsWith("/")) {
      return target;
    }
    int separator = target.indexOf("://");
    if (separator > 0 && isScheme(target.substring(0, separator))) {
      int authorityEnd = separator + 3;
      while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      String rest = target.substring(authorityEnd);
      return rest.startsWith("/") ? rest : "/" + rest;
    }
    throw new InvalidRequestUrlException("the request target is neither origin-form nor absolute-form");
  }
}
