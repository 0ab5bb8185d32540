package io.portcullis.proxy;

import io.portcullis.rules.url.RequestUrl;
import io.portcullis.spi.AccessRequest;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The SPI's read-only view of a request, over the headers it arrived with. */
public final class HttpAccessRequest implements AccessRequest {
  private final String method;
  private final RequestUrl url;
  private final MultiMap headers;
  private final String remoteAddress;
  private final List<String> captures;
  private final String ruleId;

  public HttpAccessRequest(String method, RequestUrl url, MultiMap headers, String remoteAddress,
      List<String> captures, String ruleId) {
    this.method = method;
    this.url = url;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    this.captures = captures == null ? List.of() : List.copyOf(captures);
    this.ruleId = ruleId;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String scheme() {
    return url.scheme();
  }

  @Override
  public String host() {
    return url.host();
  }

  @Override
  public String path() {
    return url.path();
  }

  @Override
  public String forwardPath() {
    return url.forwardPath();
  }

  @Override
  public String query() {
    return url.rawQuery();
  }

  public RequestUrl url() {
    return url;
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public List<String> headers(String name) {
    return List.copyOf(headers.getAll(name));
  }

  @Override
  public Set<String> headerNames() {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(headers.names());
    return names;
  }

  @Override
  public String cookie(String name) {
    for (String header : headers.getAll("Cookie")) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
          String value = part.substring(eq + 1).trim();
          return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
              ? value.substring(1, value.length() - 1) : value;
        }
      }
    }
    return null;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public List<String> captureGroups() {
    return captures;
  }

  @Override
  public String ruleId() {
    return ruleId;
  }
}
