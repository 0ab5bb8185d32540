package io.portcullis.identity.password;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.BCrypt;

/**
 * OpenBSD bcrypt: {@code $2a$<cost>$<22 chars salt><31 chars hash>} in bcrypt's radix-64. {@code $2a$}, {@code $2b$}
 * and {@code $2y$} compute the same function for passwords of at most 72 bytes, which is all Kratos accepts; the
 * buggy {@code $2x$} and NUL-less {@code $2$} variants are refused.
 */
record BcryptHash(char minor, int cost, byte[] salt, byte[] hash) implements StoredHash {

  /** bcrypt reads at most 72 bytes of key; Kratos refuses longer passwords instead of truncating them. */
  static final int MAX_PASSWORD_BYTES = 72;

  static boolean is(String encoded) {
    return encoded.length() >= 4 && encoded.startsWith("$2") && encoded.charAt(3) == '$'
        && "aby".indexOf(encoded.charAt(2)) >= 0;
  }

  static BcryptHash parse(String encoded) throws MalformedHashException {
    if (!is(encoded)) {
      throw new MalformedHashException("unsupported bcrypt variant; expected $2a$, $2b$ or $2y$");
    }
    if (encoded.length() != 60 || encoded.charAt(6) != '$') {
      throw new MalformedHashException("bcrypt hash must be $2?$<cost>$ followed by 53 characters");
    }
    int cost = StoredHash.parseParam(stripZero(encoded.substring(4, 6)), "bcrypt cost", 4, 31);
    byte[] salt = Codecs.decodeBcrypt(encoded.substring(7, 29), 16, "bcrypt salt");
    byte[] hash = Codecs.decodeBcrypt(encoded.substring(29), 23, "bcrypt hash");
    return new BcryptHash(encoded.charAt(2), cost, salt, hash);
  }

  /** Derives a fresh {@code $2a$} hash, as Go's bcrypt writes. The caller has checked the length. */
  static BcryptHash derive(int cost, byte[] salt, byte[] password) {
    return new BcryptHash('a', cost, salt, compute(password, salt, cost));
  }

  @Override
  public boolean matches(byte[] password) {
    if (password.length > MAX_PASSWORD_BYTES) {
      return false;
    }
    return MessageDigest.isEqual(hash, compute(password, salt, cost));
  }

  String encode() {
    return "$2" + minor + "$" + (cost < 10 ? "0" : "") + cost + "$" + Codecs.encodeBcrypt(salt)
        + Codecs.encodeBcrypt(hash);
  }

  /** OpenBSD's key is the password plus its NUL terminator, cut at 72 bytes; the digest keeps 23 of 24 bytes. */
  private static byte[] compute(byte[] password, byte[] salt, int cost) {
    byte[] key = Arrays.copyOf(password, Math.min(password.length + 1, MAX_PASSWORD_BYTES));
    byte[] raw = BCrypt.generate(key, salt, cost);
    return Arrays.copyOf(raw, 23);
  }

  private static String stripZero(String twoDigits) {
    if (twoDigits.charAt(0) == '0') {
      return twoDigits.substring(1);
    }
    return twoDigits;
  }
}
