package io.portcullis.plugins.builtin.remote;

import java.util.Locale;
import java.util.Set;

/** Header names as Go writes them, and the ones a forwarded request must not copy. */
public final class HeaderName {
  /** Hop-by-hop headers (RFC 9110 section 7.6.1) and those the HTTP client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length");

  private HeaderName() {
  }

  /** Go's canonical MIME header key: {@code x-session-token} becomes {@code X-Session-Token}. */
  public static String canonical(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  /** Whether a client's header may be copied onto a request we make on its behalf. */
  public static boolean forwardable(String name) {
    return !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT));
  }
}
