package io.portcullis.runtime;

import io.portcullis.config.PortcullisConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CORS as Ory's services do it ({@code serve.*.cors}, rs/cors semantics): preflights are answered here without
 * reaching rules or upstream, actual responses get the allow headers when the origin is allowed. Origins may contain
 * one {@code *} wildcard, e.g. {@code https://*.example.com}.
 */
public final class CorsPolicy {
  private final PortcullisConfig.Cors config;
  private final boolean anyOrigin;
  private final List<Pattern> origins;
  private final boolean anyHeader;
  private final List<String> headers;
  private final List<String> methods;
  private final String exposed;

  public CorsPolicy(PortcullisConfig.Cors config) {
    this.config = config;
    this.anyOrigin = config.allowedOrigins().contains("*");
    this.origins = config.allowedOrigins().stream()
        .map(o -> Pattern.compile(Pattern.quote(o.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q")))
        .collect(Collectors.toList());
    this.anyHeader = config.allowedHeaders().contains("*");
    this.headers = config.allowedHeaders().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    this.methods = config.allowedMethods().stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
    this.exposed = String.join(", ", config.exposedHeaders());
  }

  public boolean enabled() {
    return config.enabled();
  }

  public static boolean isPreflight(HttpServerRequest req) {
    return req.method() == HttpMethod.OPTIONS && req.getHeader("Origin") != null
        && req.getHeader("Access-Control-Request-Method") != null;
  }

  /** Answers a preflight; the allow headers are only present when origin, method and headers are all allowed. */
  public void answerPreflight(HttpServerRequest req) {
    MultiMap out = req.response().headers();
    out.add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    String origin = req.getHeader("Origin");
    String method = req.getHeader("Access-Control-Request-Method").toUpperCase(Locale.ROOT);
    String requested = req.getHeader("Access-Control-Request-Headers");
    if (originAllowed(origin) && methods.contains(method) && headersAllowed(requested)) {
      out.set("Access-Control-Allow-Origin", allowOriginValue(origin));
      out.set("Access-Control-Allow-Methods", method);
      if (requested != null && !requested.isBlank()) {
        out.set("Access-Control-Allow-Headers", requested);
      }
      if (config.allowCredentials()) {
        out.set("Access-Control-Allow-Credentials", "true");
      }
      if (config.maxAge() > 0) {
        out.set("Access-Control-Max-Age", Integer.toString(config.maxAge()));
      }
    }
    req.response().setStatusCode(204).end();
  }

  /** Adds the allow headers to an actual (non-preflight) response. */
  public void decorate(String origin, MultiMap responseHeaders) {
    if (origin == null) {
      return;
    }
    responseHeaders.add("Vary", "Origin");
    if (!originAllowed(origin)) {
      return;
    }
    responseHeaders.set("Access-Control-Allow-Origin", allowOriginValue(origin));
    if (config.allowCredentials()) {
      responseHeaders.set("Access-Control-Allow-Credentials", "true");
    }
    if (!exposed.isEmpty()) {
      responseHeaders.set("Access-Control-Expose-Headers", exposed);
    }
  }

  private String allowOriginValue(String origin) {
    return anyOrigin && !config.allowCredentials() ? "*" : origin;
  }

  private boolean originAllowed(String origin) {
    if (anyOrigin) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    return origins.stream().anyMatch(p -> p.matcher(o).matches());
  }

  private boolean headersAllowed(String requested) {
    if (requested == null || requested.isBlank() || anyHeader) {
      return true;
    }
    for (String h : requested.split(",")) {
      String name = h.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !headers.contains(name)) {
        return false;
      }
    }
    return true;
  }
}
