package io.portcullis.identity.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Session and logout tokens in Kratos' form ({@code ory_st_} / {@code ory_lo_} and 32 random letters and digits,
 * about 190 bits). Only their SHA-256 is stored, so a database dump does not hand out sessions.
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

  public static String newLogoutToken() {
    return LOGOUT_PREFIX + random(32);
  }

  public static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHANUM[RANDOM.nextInt(ALPHANUM.length)];
    }
    return new String(out);
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
