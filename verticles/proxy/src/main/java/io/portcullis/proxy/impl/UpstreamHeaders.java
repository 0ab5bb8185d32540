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

  /**
   * Never forwarded, in either direction (RFC 9110 7.6.1, plus Host, which the client request sets itself). Runs for
   * every header of every request and answer: one length switch, then at most two comparisons.
   */
  static boolean isHopByHop(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("te");
      case 4 -> name.equalsIgnoreCase("host");
      case 7 -> name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("trailer");
      case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 16 -> name.equalsIgnoreCase("proxy-connection");
      case 17 -> name.equalsIgnoreCase("transfer-encoding");
      case 18 -> name.equalsIgnoreCase("proxy-authenticate");
      case 19 -> name.equalsIgnoreCase("proxy-authorization");
      default -> false;
    };
  }

  /**
   * Copies the client's headers into the upstream request's in one pass, without hop-by-hop headers, those the client
   * listed in {@code Connection}, {@code Content-Length} (set by the forwarder) and, unless trusted, forwarded
   * headers; then sets forwarded and mutated headers. The same for WebSocket upgrades, whose {@code Upgrade} and
   * {@code Connection} the forwarder sets again for the upstream hop.
   */
  public static void copyForUpstream(MultiMap from, MultiMap to, boolean trustForwarded, String peer, String scheme,
      String host, Map<String, String> mutated) {
    List<String> listed = connectionListed(from);
    for (Map.Entry<String, String> h : from) {
      String name = h.getKey();
      if (isHopByHop(name) || name.equalsIgnoreCase("content-length") || isListed(listed, name)
          || (!trustForwarded && isForwarded(name))) {
        continue;
      }
      to.add(name, h.getValue());
    }
    setForwardedAndMutated(to, peer, scheme, host, mutated);
  }

  private static void setForwardedAndMutated(MultiMap headers, String peer, String scheme, String host,
      Map<String, String> mutated) {
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

  /** The header names listed in {@code Connection} values, lower-case; usually none. */
  static List<String> connectionListed(MultiMap headers) {
    List<String> connection = headers.getAll("Connection");
    if (connection.isEmpty()) {
      return List.of();
    }
    List<String> listed = new ArrayList<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          listed.add(name);
        }
      }
    }
    return listed;
  }

  static boolean isListed(List<String> listed, String name) {
    for (String l : listed) {
      if (l.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isForwarded(String name) {
    return name.regionMatches(true, 0, "x-forwarded", 0, 11) || name.equalsIgnoreCase("forwarded");
  }
}
