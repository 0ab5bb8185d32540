package io.portcullis.identity.mfa;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as Kratos uses them through pquerna/otp: a 160-bit secret, HMAC-SHA1,
 * 6 digits, 30-second steps, and a code accepted for the current step and one step either side. The key travels as
 * an {@code otpauth://totp/...} URL (Kratos stores exactly that URL as the credential's {@code totp_url}).
 */
public final class Totp {
  /** Kratos' secret size: 160 bits, RFC 4226's recommendation. */
  static final int SECRET_BYTES = 20;
  static final int DIGITS = 6;
  static final long PERIOD_SECONDS = 30;
  /** pquerna/otp's {@code totp.Validate} skew: one step before and after. */
  static final int SKEW = 1;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {
  }

  /** A new key for {@code accountName} at {@code issuer}, as Kratos' {@code NewKey} makes it. */
  public static Key newKey(String issuer, String accountName) {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return new Key(issuer, accountName, base32(secret));
  }

  /** A TOTP key: who issued it, for whom, and its secret in unpadded base32. */
  public record Key(String issuer, String accountName, String secret) {
    /**
     * The key URL as pquerna/otp writes it: path {@code /Issuer:account}, query parameters sorted by name
     * (algorithm, digits, issuer, period, secret).
     */
    public String url() {
      Map<String, String> q = new TreeMap<>();
      q.put("algorithm", "SHA1");
      q.put("digits", Integer.toString(DIGITS));
      q.put("issuer", issuer);
      q.put("period", Long.toString(PERIOD_SECONDS));
      q.put("secret", secret);
      StringBuilder query = new StringBuilder();
      q.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=').append(queryEscape(v)));
      return "otpauth://totp/" + pathEscape(issuer) + ":" + pathEscape(accountName) + "?" + query;
    }

    /** Parses a key URL; fails with what is wrong when it is not a TOTP key URL with a secret. */
    public static Key fromUrl(String url) {
      URI u = URI.create(url);
      if (!"otpauth".equals(u.getScheme()) || !"totp".equals(u.getHost())) {
        throw new IllegalArgumentException("totp_url is not an otpauth://totp/ URL");
      }
      Map<String, String> q = new TreeMap<>();
      String raw = u.getRawQuery() == null ? "" : u.getRawQuery();
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String secret = q.getOrDefault("secret", "");
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("totp_url has no secret");
      }
      decodeBase32(secret);
      String label = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
      int colon = label.indexOf(':');
      return new Key(q.getOrDefault("issuer", colon > 0 ? label.substring(0, colon) : ""),
          colon >= 0 ? label.substring(colon + 1) : label, secret.toUpperCase(Locale.ROOT));
    }
  }

  /** True when {@code code} is the code of {@code secret} at {@code epochSeconds} or one step either side. */
  public static boolean validate(String code, String secret, long epochSeconds) {
    if (code == null || code.length() != DIGITS || !code.chars().allMatch(Character::isDigit)) {
      return false;
    }
    byte[] key = decodeBase32(secret);
    long step = epochSeconds / PERIOD_SECONDS;
    boolean ok = false;
    for (long s = step - SKEW; s <= step + SKEW; s++) {
      // Constant time per step, and every step is computed, so timing tells nothing about which matched.
      ok |= MessageDigest.isEqual(code.getBytes(StandardCharsets.US_ASCII),
          hotp(key, s, DIGITS).getBytes(StandardCharsets.US_ASCII));
    }
    return ok;
  }

  /** The code of {@code secret} (base32) at {@code epochSeconds}. */
  public static String code(String secret, long epochSeconds) {
    return hotp(decodeBase32(secret), epochSeconds / PERIOD_SECONDS, DIGITS);
  }

  /** RFC 4226 HOTP with HMAC-SHA1 and dynamic truncation. */
  static String hotp(byte[] key, long counter, int digits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
      int offset = h[h.length - 1] & 0x0f;
      int bin = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
          | (h[offset + 3] & 0xff);
      int mod = (int) Math.pow(10, digits);
      return String.format(Locale.ROOT, "%0" + digits + "d", bin % mod);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is unavailable", e);
    }
  }

  static String base32(byte[] data) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** Decodes base32, case-insensitive, padding optional (as pquerna/otp accepts secrets). */
  static byte[] decodeBase32(String s) {
    String clean = s.toUpperCase(Locale.ROOT).replace("=", "");
    ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : clean.toCharArray()) {
      int v = BASE32.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("TOTP secret is not base32: unexpected \"" + c + "\"");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }

  private static String queryEscape(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  /** Go's {@code url.PathEscape}-like escaping for the label (spaces as %20, not +). */
  private static String pathEscape(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
  }
}
