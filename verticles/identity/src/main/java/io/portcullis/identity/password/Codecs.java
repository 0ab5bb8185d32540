package io.portcullis.identity.password;

import java.util.Base64;

/** The base64 dialects stored hashes use. Decoders throw {@link MalformedHashException} and never echo the input. */
final class Codecs {

  private static final String STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final String BCRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Codecs() {}

  /** Go's {@code base64.RawStdEncoding}, which Kratos uses for argon2 and pbkdf2. */
  static String encodeRaw(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Go's {@code RawStdEncoding.Strict()}: no padding, and the unused trailing bits must be zero, so each byte string
   * has exactly one accepted spelling (checked by re-encoding).
   */
  static byte[] decodeRawStrict(String s, String what) throws MalformedHashException {
    if (s.indexOf('=') >= 0) {
      throw new MalformedHashException(what + " must be unpadded base64");
    }
    byte[] out = decodeStd(s, what);
    if (!encodeRaw(out).equals(s)) {
      throw new MalformedHashException(what + " is not canonical base64");
    }
    return out;
  }

  /** Go's {@code base64.StdEncoding} (padded); the padding is tolerated if missing. */
  static byte[] decodeStd(String s, String what) throws MalformedHashException {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new MalformedHashException(what + " is not valid base64");
    }
  }

  /** bcrypt's radix-64: standard base64 bit layout over the alphabet {@code ./A-Za-z0-9}, unpadded. */
  static String encodeBcrypt(byte[] bytes) {
    return translate(encodeRaw(bytes), STD, BCRYPT);
  }

  /** Decodes bcrypt's radix-64 into exactly {@code length} bytes. */
  static byte[] decodeBcrypt(String s, int length, String what) throws MalformedHashException {
    for (int i = 0; i < s.length(); i++) {
      if (BCRYPT.indexOf(s.charAt(i)) < 0) {
        throw new MalformedHashException(what + " contains a character outside bcrypt's alphabet");
      }
    }
    byte[] out = decodeStd(translate(s, BCRYPT, STD), what);
    if (out.length != length) {
      throw new MalformedHashException(what + " decodes to " + out.length + " bytes, expected " + length);
    }
    return out;
  }

  private static String translate(String s, String from, String to) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = to.charAt(from.indexOf(chars[i]));
    }
    return new String(chars);
  }
}
