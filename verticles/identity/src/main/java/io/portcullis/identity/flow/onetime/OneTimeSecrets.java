package io.portcullis.identity.flow.onetime;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * New link tokens (32 letters and digits, as Kratos) and codes (6 digits), and the hash they are stored as: Kratos'
 * HMAC-SHA512/256 keyed by {@code secrets.cookie} (else {@code secrets.default}). A code has only a million values,
 * so without a key outside the database its hash would be as good as the code; every configured key is tried when
 * one is redeemed, the first one hashes new secrets (key rotation, as Kratos).
 */
public final class OneTimeSecrets {
  /** Kratos' {@code code.CodeLength}. */
  public static final int CODE_LENGTH = 6;
  private static final char[] ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  /** Used when no secret is configured; such hashes protect nothing against someone who has the database. */
  static final String UNKEYED = "portcullis-without-configured-secrets";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<byte[]> keys;

  /** @param keys the configured secrets, newest first; empty means none is configured */
  public OneTimeSecrets(List<String> keys) {
    this.keys = (keys.isEmpty() ? List.of(UNKEYED) : keys).stream()
        .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  public static String newToken() {
    return random(ALPHANUM, 32);
  }

  public static String newCode() {
    return random("0123456789".toCharArray(), CODE_LENGTH);
  }

  /** The hash a new secret is stored as. */
  String hash(String secret) {
    return hmac(keys.get(0), secret);
  }

  /** The hashes {@code secret} may be stored as, one per configured key. */
  List<String> candidates(String secret) {
    return keys.stream().map(k -> hmac(k, secret)).toList();
  }

  private static String hmac(byte[] key, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512/256");
      mac.init(new SecretKeySpec(key, "HmacSHA512/256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random(char[] alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
    }
    return new String(out);
  }
}
