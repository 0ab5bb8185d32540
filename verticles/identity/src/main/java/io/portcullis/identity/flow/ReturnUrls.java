package io.portcullis.identity.flow;

import io.portcullis.config.AllowedUrl;
import io.portcullis.identitysessions.kratos.KratosError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a browser may be sent after a flow: {@code return_to} must match {@code selfservice.allowed_return_urls}
 * (scheme, host with an optional leading {@code *.} wildcard, port, and path prefix) or the origin of the public API
 * or of the default return URL, as Kratos' {@code SecureRedirectTo}. Anything else is a 400, never an open redirect.
 */
public final class ReturnUrls {
  private final List<AllowedUrl> allowed = new ArrayList<>();
  private final String defaultReturnUrl;


  public ReturnUrls(String defaultReturnUrl, List<String> allowedReturnUrls, String publicBaseUrl) {
    this.defaultReturnUrl = defaultReturnUrl;
    for (String s : allowedReturnUrls) {
      allowed.add(AllowedUrl.parse(s));
    }
    if (!defaultReturnUrl.isEmpty()) {
      allowed.add(AllowedUrl.parse(origin(URI.create(defaultReturnUrl)).toString()));
    }
    allowed.add(AllowedUrl.parse(origin(URI.create(publicBaseUrl)).toString()));
  }

  public String defaultReturnUrl() {
    return defaultReturnUrl;
  }

  /** {@code returnTo} if allowed (null or empty: null); otherwise a 400 with Kratos' error id. */
  public String check(String returnTo) {
    if (returnTo == null || returnTo.isEmpty()) {
      return null;
    }
    if (allowed(returnTo)) {
      return returnTo;
    }
    throw new KratosError(400, "self_service_flow_return_to_forbidden",
        "The request was malformed or contained invalid parameters",
        "Requested return_to URL \"" + returnTo + "\" is not allowed.");
  }

  public boolean allowed(String returnTo) {
    URI u;
    try {
      // Normalized first: "/allowed/../admin" is where a browser goes, so that is what is checked.
      u = new URI(returnTo).normalize();
    } catch (URISyntaxException e) {
      return false;
    }
    if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null) {
      return false;
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return false;
    }
    for (AllowedUrl a : allowed) {
      if (a.scheme() != null && a.scheme().equalsIgnoreCase(scheme) && hostMatches(a.host(), u.getHost())
          && a.port() == AllowedUrl.port(u) && pathMatches(a.path(), u.getRawPath())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hostMatches(String pattern, String host) {
    if (pattern == null) {
      return false;
    }
    String p = pattern.toLowerCase(Locale.ROOT), h = host.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      return h.endsWith(p.substring(1)) && h.length() > p.length() - 1;
    }
    return p.equals(h);
  }

  private static boolean pathMatches(String allowedPath, String path) {
    if (allowedPath == null || allowedPath.isEmpty() || allowedPath.equals("/")) {
      return true;
    }
    String p = path == null || path.isEmpty() ? "/" : path;
    return p.equals(allowedPath) || p.startsWith(allowedPath.endsWith("/") ? allowedPath : allowedPath + "/");
  }

  private static URI origin(URI u) {
    return URI.create(u.getScheme() + "://" + u.getRawAuthority() + "/");
  }
}
