package io.portcullis.identitysessions;

import java.util.function.Function;
import java.util.function.Supplier;

/** The session token a request presents, read as {@code /sessions/whoami} reads it. */
public final class PresentedToken {
  private PresentedToken() {
  }

  /**
   * {@code X-Session-Token}, then {@code Authorization: Bearer}, then the session cookie.
   *
   * @param header a request header by name (case-insensitive), or null
   * @param cookie the session cookie's value, or null
   */
  public static String of(Function<String, String> header, Supplier<String> cookie) {
    String t = header.apply("X-Session-Token");
    if (t != null && !t.isEmpty()) {
      return t;
    }
    String auth = header.apply("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return cookie.get();
  }
}
