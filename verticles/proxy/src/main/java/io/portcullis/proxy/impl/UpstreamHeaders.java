package io.portcullis.proxy.impl;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prepares the headers the upstream receives. Order matters for security: headers the client named in
 * {@code Connection} are dropped first (they are hop-by-hop, RFC 9110 7.6.1), forwarded headers are dropped unless
 * trusted and then set by us, and the mutators' headers are set last, replacing any value the client sent, so that
 * neither {@code Connection: X-User} nor a forged {@code X-User} can touch an identity header.
 */
public final class UpstreamHeaders {
  private UpstreamHeaders() {
  }

  public static void prepare(MultiMap headers, boolean trustForwarded, boolean webSocket, String peer, String scheme,
      String host, Map<String, String> mutated) {
    dropConnectionListed(headers, webSocket);
    if (!trustForwarded) {
      dropForwarded(headers);
    }
    String xff = headers.get("X-Forwarded-For");
    headers.set("X-Forwarded-For", xff == null || xff.isBlank() ? peer : xff + ", " + peer);
    if (!headers.contains("X-Forwarded-Proto")) {
      headers.set("X-Forwarded-Proto", scheme);
    }
    if (!headers.contains("X-Forwarded-Host")) {
      headers.set("X-Forwarded-Host", host);
    }
    for (Map.Entry<String, String> e : mutated.entrySet()) {
      headers.set(e.getKey(), e.getValue());
    }
  }

  /** Removes every header named in a {@code Connection} header, and {@code Connection} itself. */
  static void dropConnectionListed(MultiMap headers, boolean webSocket) {
    List<String> listed = new ArrayList<>();
    for (String value : headers.getAll("Connection")) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          listed.add(name);
        }
      }
    }
    for (String name : listed) {
      if (webSocket && name.equals("upgrade")) {
        continue;
      }
      headers.remove(name);
    }
    if (!webSocket) {
      headers.remove("Connection");
      headers.remove("Keep-Alive");
      headers.remove("Proxy-Connection");
    }
  }

  /** Drops {@code X-Forwarded-*} and {@code Forwarded} from an untrusted client. */
  public static void dropForwarded(MultiMap headers) {
    List<String> names = new ArrayList<>();
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-forwarded") || lower.equals("forwarded")) {
        names.add(name);
      }
    }
    names.forEach(headers::remove);
  }
}
