package io.portcullis.plugins.builtin.mutate;

import io.portcullis.plugins.builtin.remote.HeaderName;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Oathkeeper's {@code AuthenticationSession} as JSON, what the {@code hydrator} posts: {@code subject},
 * {@code extra}, {@code header} (the headers mutators set so far) and {@code match_context} with
 * {@code regexp_capture_groups}, {@code url} (Go's {@code url.URL} fields), {@code method} and the request's
 * {@code header}. Header maps are Go's: canonical names to lists of values.
 */
final class SessionJson {
  private SessionJson() {
  }

  static Map<String, Object> of(AccessRequest request, AuthSession session) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("subject", session.subject());
    out.put("extra", session.extra().isEmpty() ? null : session.extra());
    Map<String, List<String>> set = new TreeMap<>();
    session.headers().forEach((k, v) -> set.put(HeaderName.canonical(k), List.of(v)));
    out.put("header", set.isEmpty() ? null : set);
    Map<String, Object> match = new LinkedHashMap<>();
    match.put("regexp_capture_groups", request.captureGroups().isEmpty() ? null : request.captureGroups());
    match.put("url", url(request));
    match.put("method", request.method());
    Map<String, List<String>> headers = new TreeMap<>();
    for (String name : request.headerNames()) {
      headers.computeIfAbsent(HeaderName.canonical(name), k -> new java.util.ArrayList<>())
          .addAll(request.headers(name));
    }
    match.put("header", headers);
    out.put("match_context", match);
    return out;
  }

  private static Map<String, Object> url(AccessRequest request) {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("Scheme", request.scheme());
    u.put("Opaque", "");
    u.put("User", null);
    u.put("Host", request.host());
    u.put("Path", request.path());
    u.put("RawPath", request.forwardPath().equals(request.path()) ? "" : request.forwardPath());
    u.put("OmitHost", false);
    u.put("ForceQuery", false);
    u.put("RawQuery", request.query() == null ? "" : request.query());
    u.put("Fragment", "");
    u.put("RawFragment", "");
    return u;
  }
}
