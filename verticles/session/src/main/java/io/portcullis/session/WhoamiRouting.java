package io.portcullis.session;

import io.portcullis.config.AllowedUrl;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which session checks the identity database may answer. Only a whoami of <em>this</em> identity service: with source
 * {@code auto}, a {@code /sessions/whoami} URL whose origin is the identity service's (its public base URL or its
 * listener's address); with source {@code database}, any whoami URL (for service names the node cannot recognise,
 * e.g. {@code http://kratos-public/sessions/whoami} in Kubernetes). Anything else goes over HTTP, so a rule that asks
 * another Kratos is never answered from the wrong database.
 */
final class WhoamiRouting {
  private final boolean anyWhoami;
  private final List<String> origins;

  /** @param origins the identity service's origins, e.g. {@code http://127.0.0.1:4433} */
  WhoamiRouting(boolean anyWhoami, List<String> origins) {
    this.anyWhoami = anyWhoami;
    this.origins = origins.stream().map(WhoamiRouting::origin).filter(o -> o != null).toList();
  }

  private static String origin(String url) {
    try {
      return origin(URI.create(url));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  boolean fromDatabase(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String path = u.getPath();
    if (path == null || !path.endsWith("/sessions/whoami")) {
      return false;
    }
    return anyWhoami || origins.contains(origin(u));
  }

  /** {@code scheme://host:port}, lower-case, with the scheme's default port made explicit. */
  static String origin(URI u) {
    if (u.getScheme() == null || u.getHost() == null) {
      return null;
    }
    return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":"
        + AllowedUrl.port(u);
  }
}
