package io.portcullis.identity.session;

import io.vertx.core.http.HttpServerRequest;

/** Who is asking, for session devices and events: the peer address and a bounded user agent. */
public record ClientInfo(String address, String userAgent) {
  public static ClientInfo of(HttpServerRequest request) {
    String ua = request.getHeader("User-Agent");
    return new ClientInfo(request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress(),
        ua == null ? null : ua.length() > 256 ? ua.substring(0, 256) : ua);
  }

  public static ClientInfo admin() {
    return new ClientInfo("", null);
  }
}
