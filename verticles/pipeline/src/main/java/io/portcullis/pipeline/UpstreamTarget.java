package io.portcullis.pipeline;

import io.portcullis.rules.Upstream;
import java.net.URI;

/**
 * Where a rule forwards to, parsed once: {@code upstream.url} split into scheme, host, port and base path, with
 * {@code strip_path} and {@code preserve_host}.
 */
public record UpstreamTarget(boolean tls, String host, int port, String basePath, String stripPath,
    boolean preserveHost) {

  /** Null when the rule has no upstream (usable only through {@code /decisions}). */
  public static UpstreamTarget of(Upstream upstream) {
    if (upstream == null || upstream.url() == null || upstream.url().isBlank()) {
      return null;
    }
    URI uri = URI.create(upstream.url());
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
    String base = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String strip = upstream.stripPath() == null ? "" : upstream.stripPath().replaceAll("^/+|/+$", "");
    return new UpstreamTarget(tls, uri.getHost(), port, base, strip.isEmpty() ? "" : "/" + strip,
        upstream.preserveHost());
  }

  /**
   * The request target to send upstream: the base path of {@code upstream.url}, then the request's (encoded,
   * normalized) path with {@code strip_path} removed when it is a leading whole segment, then the query.
   */
  public String requestUri(String encodedPath, String rawQuery) {
    String path = encodedPath;
    if (!stripPath.isEmpty() && (path.equals(stripPath) || path.startsWith(stripPath + "/"))) {
      path = path.substring(stripPath.length());
    }
    if (path.isEmpty()) {
      path = "/";
    }
    String uri = basePath + path;
    return rawQuery == null ? uri : uri + "?" + rawQuery;
  }

  /** The Host header value when the host is not preserved: the port only when it is not the default. */
  public String authority() {
    return (tls && port == 443) || (!tls && port == 80) ? host : host + ":" + port;
  }
}
