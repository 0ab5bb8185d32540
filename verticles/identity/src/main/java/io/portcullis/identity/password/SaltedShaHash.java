package io.portcullis.identity.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * LDAP salted SHA: {@code {SSHA}}, {@code {SSHA256}} or {@code {SSHA512}} followed by padded standard base64 of
 * {@code digest(password || salt) || salt}. Only for verifying imported OpenLDAP-style hashes; weak, so a match
 * always asks for a rehash.
 */
record SaltedShaHash(String algorithm, byte[] salt, byte[] hash) implements StoredHash {

  static SaltedShaHash parse(String encoded) throws MalformedHashException {
    int close = encoded.indexOf('}');
    String scheme = close < 0 ? "" : encoded.substring(0, close + 1);
    String algorithm;
    int digestLength;
    switch (scheme) {
      case "{SSHA}" -> {
        algorithm = "SHA-1";
        digestLength = 20;
      }
      case "{SSHA256}" -> {
        algorithm = "SHA-256";
        digestLength = 32;
      }
      case "{SSHA512}" -> {
        algorithm = "SHA-512";
        digestLength = 64;
      }
      default -> throw new MalformedHashException("salted SHA scheme must be {SSHA}, {SSHA256} or {SSHA512}");
    }
    byte[] decoded = Codecs.decodeStd(encoded.substring(close + 1), "salted SHA value");
    if (decoded.length <= digestLength) {
      throw new MalformedHashException("salted SHA value must hold a " + digestLength + "-byte digest and a salt");
    }
    byte[] hash = java.util.Arrays.copyOf(decoded, digestLength);
    byte[] salt = java.util.Arrays.copyOfRange(decoded, digestLength, decoded.length);
    return new SaltedShaHash(algorithm, salt, hash);
  }

  @Override
  public boolean matches(byte[] password) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      md.update(password);
      md.update(salt);
      return MessageDigest.isEqual(hash, md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }
}
