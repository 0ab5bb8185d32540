package io.portcullis.identity.password;

import java.security.MessageDigest;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Kratos' PBKDF2 import format {@code $pbkdf2-<digest>$i=<iterations>,l=<length>$<salt>$<hash>} (unpadded standard
 * base64). As in Kratos, {@code l} is only syntax: the key length is the decoded hash's length, and {@code sha224} and
 * {@code sha384} mean SHA3-224 and SHA3-384 (Kratos' {@code getPseudorandomFunctionForPbkdf2}). Kratos falls back to
 * SHA-256 for any other digest name; we refuse those instead of guessing.
 */
record Pbkdf2Hash(String digest, int iterations, byte[] salt, byte[] hash) implements StoredHash {

  /** 10 million: above OWASP's 1.3 M for SHA-1, bounding the work an imported hash can demand. */
  static final int MAX_ITERATIONS = 10_000_000;

  static Pbkdf2Hash parse(String encoded) throws MalformedHashException {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 5) {
      throw new MalformedHashException("pbkdf2 hash must have 5 '$'-separated parts, got " + parts.length);
    }
    String digest = parts[1].substring("pbkdf2-".length());
    newDigest(digest);
    String[] params = parts[2].split(",", -1);
    if (params.length != 2) {
      throw new MalformedHashException("pbkdf2 parameters must be i=<iterations>,l=<length>");
    }
    int iterations = StoredHash.parseParam(StoredHash.expectKey(params[0], "i"), "i", 1, MAX_ITERATIONS);
    StoredHash.parseParam(StoredHash.expectKey(params[1], "l"), "l", 1, 1024);
    byte[] salt = Codecs.decodeRawStrict(parts[3], "pbkdf2 salt");
    byte[] hash = Codecs.decodeRawStrict(parts[4], "pbkdf2 hash");
    if (hash.length == 0 || hash.length > 1024) {
      throw new MalformedHashException("pbkdf2 hash has " + hash.length + " bytes, expected 1..1024");
    }
    return new Pbkdf2Hash(digest, iterations, salt, hash);
  }

  @Override
  public boolean matches(byte[] password) {
    PKCS5S2ParametersGenerator generator;
    try {
      generator = new PKCS5S2ParametersGenerator(newDigest(digest));
    } catch (MalformedHashException e) {
      return false;
    }
    generator.init(password, salt, iterations);
    byte[] other = ((KeyParameter) generator.generateDerivedMacParameters(hash.length * 8)).getKey();
    return MessageDigest.isEqual(hash, other);
  }

  private static Digest newDigest(String name) throws MalformedHashException {
    return switch (name) {
      case "sha1" -> new SHA1Digest();
      case "sha224" -> new SHA3Digest(224);
      case "sha256" -> new SHA256Digest();
      case "sha384" -> new SHA3Digest(384);
      case "sha512" -> new SHA512Digest();
      default -> throw new MalformedHashException(
          "pbkdf2 digest is not supported; expected sha1, sha224, sha256, sha384 or sha512");
    };
  }
}
