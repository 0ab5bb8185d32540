package io.portcullis.plugins.builtin.errors;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.ErrorHandler;
import io.portcullis.spi.ErrorHandlerFactory;
import io.portcullis.spi.ErrorResponse;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code redirect}: sends the browser to {@code to} (a login page), optionally with the URL it asked for in
 * {@code return_to_query_param} so it can come back after logging in. Code 302 unless 301 is configured, as in
 * Oathkeeper.
 */
@Extension
public final class RedirectErrorHandler implements ErrorHandlerFactory {
  @Override
  public String id() {
    return "redirect";
  }

  @Override
  public ErrorHandler create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("to", "code", "return_to_query_param"));
    String to = config.requiredString("to");
    URI target;
    try {
      target = URI.create(to);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.field("to"), to, "a URL");
    }
    if (!target.isAbsolute() && !to.startsWith("/")) {
      throw new ConfigException(config.field("to"), to, "an absolute URL or a path starting with /");
    }
    int configured = config.integer("code", 302);
    int code = configured == 301 || configured == 302 ? configured : 302;
    String param = config.string("return_to_query_param", "");
    return (request, denial) -> {
      String location = param.isEmpty() ? to : withParam(to, param, requestedUrl(request));
      String body = "<a href=\"" + location.replace("&", "&amp;").replace("\"", "&quot;") + "\">"
          + (code == 301 ? "Moved Permanently" : "Found") + "</a>.\n";
      return ErrorResponse.of(code, Map.of("Location", location), "text/html; charset=utf-8", body);
    };
  }

  /** The URL the client asked for, as matched (normalized path, raw query). */
  static String requestedUrl(AccessRequest request) {
    StringBuilder sb = new StringBuilder().append(request.scheme()).append("://").append(request.host())
        .append(request.forwardPath());
    if (request.query() != null) {
      sb.append('?').append(request.query());
    }
    return sb.toString();
  }

  static String withParam(String to, String param, String value) {
    int hash = to.indexOf('#');
    String base = hash >= 0 ? to.substring(0, hash) : to;
    String fragment = hash >= 0 ? to.substring(hash) : "";
    // Drop a parameter of the same name already in the target, as url.Values.Set does.
    StringBuilder out = new StringBuilder();
    int q = base.indexOf('?');
    out.append(q >= 0 ? base.substring(0, q) : base).append('?');
    boolean first = true;
    if (q >= 0) {
      for (String pair : base.substring(q + 1).split("&")) {
        if (pair.isEmpty() || pair.equals(param) || pair.startsWith(param + "=")) {
          continue;
        }
        out.append(first ? "" : "&").append(pair);
        first = false;
      }
    }
    out.append(first ? "" : "&").append(URLEncoder.encode(param, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    return out.append(fragment).toString();
  }
}
