package io.portcullis.identity.mfa;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tests' own RFC 6238 code generator (written apart from {@link Totp}, so the two check each other): HMAC-SHA1
 * over the 30-second step, dynamic truncation, {@code digits} digits.
 */
public final class TotpCodes {
  private TotpCodes() {
  }

  /** The code of the base32 {@code secret} at {@code epochSeconds}, 6 digits. */
  public static String at(String secret, long epochSeconds) {
    return of(base32(secret), epochSeconds / 30, 6);
  }

  static String of(byte[] key, long step, int digits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "RAW"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int o = h[19] & 0xf;
      long v = new BigInteger(1, new byte[] {(byte) (h[o] & 0x7f), h[o + 1], h[o + 2], h[o + 3]}).longValue();
      String s = Long.toString(v % (long) Math.pow(10, digits));
      return "0".repeat(digits - s.length()) + s;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    BigInteger n = BigInteger.ZERO;
    int bits = 0;
    for (char c : s.toUpperCase().toCharArray()) {
      n = n.shiftLeft(5).or(BigInteger.valueOf(alphabet.indexOf(c)));
      bits += 5;
    }
    int bytes = bits / 8;
    n = n.shiftRight(bits - bytes * 8);
    byte[] raw = n.toByteArray();
    byte[] out = new byte[bytes];
    System.arraycopy(raw, Math.max(0, raw.length - bytes), out, Math.max(0, bytes - raw.length),
        Math.min(bytes, raw.length));
    return out;
  }
}
