package io.portcullis.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An absolute http(s) URL from an allow-list such as {@code selfservice.allowed_return_urls}, whose host may start
 * with a {@code *.} wildcard ({@code http://*.localhost.com:8080}) that {@link URI} alone cannot parse.
 *
 * @param host lower-case, possibly starting with {@code *.}
 * @param port explicit, the scheme's default when the URL has none
 */
public record AllowedUrl(String scheme, String host, int port, String path) {
  private static final String WILDCARD = "portcullis-wildcard.";

  /** @throws IllegalArgumentException saying what is wrong with {@code url} */
  public static AllowedUrl parse(String url) {
    URI u;
    try {
      u = new URI(url.replace("://*.", "://" + WILDCARD));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("\"" + url + "\" is not a URL: " + e.getMessage());
    }
    String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
    if (u.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("\"" + url + "\" is not an absolute http(s) URL");
    }
    return new AllowedUrl(scheme, u.getHost().toLowerCase(Locale.ROOT).replace(WILDCARD, "*."), port(u),
        u.getRawPath());
  }

  /** The port a URL reaches: its own, or 443 for https and 80 for http. */
  public static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
