package io.portcullis.identity.session;

import io.portcullis.identitysessions.db.SessionLookup;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Session and logout tokens in Kratos' form ({@code ory_st_} / {@code ory_lo_} and 32 letters and digits, random
 * or, for logout tokens, derived from the session token; about 190 bits). Only their SHA-256 is stored, so a database dump does not hand out sessions.
 */
public final class SessionTokens {
  public static final String SESSION_PREFIX = "ory_st_";
  public static final String LOGOUT_PREFIX = "ory_lo_";
  private static final char[] ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionTokens() {
  }

  public static String newSessionToken() {
    return SESSION_PREFIX + random(32);
  }

  /**
   * The logout token of the session holding {@code sessionToken}: derived from it (HMAC-SHA256 keyed by the session
   * token), so it stays the same however often a logout URL is asked for, as Kratos' stored logout token does, while
   * only hashes are stored and the logout token reveals nothing of the session token.
   */
  public static String logoutTokenFor(String sessionToken) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(sessionToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] d = mac.doFinal("logout".getBytes(StandardCharsets.UTF_8));
      char[] out = new char[32];
      for (int i = 0; i < out.length; i++) {
        out[i] = ALPHANUM[(d[i] & 0xff) % ALPHANUM.length];
      }
      return LOGOUT_PREFIX + new String(out);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHANUM[RANDOM.nextInt(ALPHANUM.length)];
    }
    return new String(out);
  }

  /** The SHA-256 that is stored, the same the session lookup uses. */
  public static byte[] hash(String token) {
    return SessionLookup.hash(token);
  }
}
