package io.portcullis.identitysessions;

import io.portcullis.config.IdentityConfig;

/** Where clients reach a listener of the identity service. */
public final class ListenerUrls {
  private ListenerUrls() {
  }

  /** {@code base_url} without a trailing slash, else the listener's address (all interfaces: 127.0.0.1). */
  public static String baseUrl(IdentityConfig.Listener l) {
    if (!l.baseUrl().isEmpty()) {
      return l.baseUrl().endsWith("/") ? l.baseUrl().substring(0, l.baseUrl().length() - 1) : l.baseUrl();
    }
    return address(l);
  }

  /** {@code http(s)://<host>:<port>} of the listener itself (https with {@code tls}), whatever its {@code base_url}. */
  public static String address(IdentityConfig.Listener l) {
    String host = l.host().isEmpty() || l.host().equals("0.0.0.0") ? "127.0.0.1" : l.host();
    return (l.tls() == null ? "http://" : "https://") + host + ":" + l.port();
  }
}
