package io.portcullis.identity.hook;

import io.portcullis.identity.session.ClientInfo;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request a flow is handling, as hooks see it (Kratos' {@code request_method}, {@code request_url},
 * {@code request_headers}, {@code request_cookies}): a copy, so work after the answer still has it.
 */
public record HookRequest(String method, String url, MultiMap headers, Map<String, String> cookies,
    ClientInfo client) {

  public HookRequest {
    headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    cookies = Map.copyOf(cookies);
  }

  public static HookRequest of(HttpServerRequest r) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (Cookie c : r.cookies()) {
      if (!c.getName().isEmpty()) {
        cookies.put(c.getName(), c.getValue());
      }
    }
    return new HookRequest(r.method().name(), r.absoluteURI(), r.headers(), cookies, ClientInfo.of(r));
  }
}
