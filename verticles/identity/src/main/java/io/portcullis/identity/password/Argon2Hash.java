package io.portcullis.identity.password;

import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * {@code $argon2<type>$v=<version>$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} with unpadded standard base64, the PHC
 * string of the reference implementation and of Kratos ({@code base64.RawStdEncoding}).
 *
 * <p>Kratos verifies argon2id and argon2i with v=19 only; argon2d and v=16 cost nothing extra with Bouncy Castle and
 * are accepted too. Memory and passes are capped ({@link #MAX_MEMORY_KIB}, {@link #MAX_ITERATIONS}) because an
 * imported hash chooses the work done at every login.
 */
record Argon2Hash(int type, int version, int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash)
    implements StoredHash {

  /** 256 MiB: twice Kratos' default of 128 MB, the most one verification may allocate. */
  static final int MAX_MEMORY_KIB = 256 * 1024;

  static final int MAX_ITERATIONS = 16;

  private static final int MAX_BYTES = 1024;

  static boolean isId(String encoded) {
    return encoded.startsWith("$argon2id$");
  }

  static Argon2Hash parse(String encoded) throws MalformedHashException {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 6) {
      throw new MalformedHashException("argon2 hash must have 6 '$'-separated parts, got " + parts.length);
    }
    int type = switch (parts[1]) {
      case "argon2id" -> Argon2Parameters.ARGON2_id;
      case "argon2i" -> Argon2Parameters.ARGON2_i;
      case "argon2d" -> Argon2Parameters.ARGON2_d;
      default -> throw new MalformedHashException("unknown argon2 variant; expected argon2id, argon2i, argon2d");
    };
    int version = StoredHash.parseParam(StoredHash.expectKey(parts[2], "v"), "v", 0, 255);
    if (version != Argon2Parameters.ARGON2_VERSION_13 && version != Argon2Parameters.ARGON2_VERSION_10) {
      throw new MalformedHashException("argon2 version v=" + version + " is not supported; expected 19 or 16");
    }
    String[] params = parts[3].split(",", -1);
    if (params.length != 3) {
      throw new MalformedHashException("argon2 parameters must be m=<KiB>,t=<passes>,p=<lanes>");
    }
    int p = StoredHash.parseParam(StoredHash.expectKey(params[2], "p"), "p", 1, 255);
    int m = StoredHash.parseParam(StoredHash.expectKey(params[0], "m"), "m", 8 * p, MAX_MEMORY_KIB);
    int t = StoredHash.parseParam(StoredHash.expectKey(params[1], "t"), "t", 1, MAX_ITERATIONS);
    byte[] salt = Codecs.decodeRawStrict(parts[4], "argon2 salt");
    byte[] hash = Codecs.decodeRawStrict(parts[5], "argon2 hash");
    if (salt.length < 8 || salt.length > MAX_BYTES) {
      throw new MalformedHashException("argon2 salt has " + salt.length + " bytes, expected 8.." + MAX_BYTES);
    }
    if (hash.length < 4 || hash.length > MAX_BYTES) {
      throw new MalformedHashException("argon2 hash has " + hash.length + " bytes, expected 4.." + MAX_BYTES);
    }
    return new Argon2Hash(type, version, m, t, p, salt, hash);
  }

  /** Derives a fresh argon2id hash with {@code params} and the given salt. */
  static Argon2Hash derive(Argon2Params params, byte[] salt, byte[] password) {
    byte[] out = compute(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, params.memoryKiB(),
        params.iterations(), params.parallelism(), salt, password, params.keyLength());
    return new Argon2Hash(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, params.memoryKiB(),
        params.iterations(), params.parallelism(), salt, out);
  }

  @Override
  public boolean matches(byte[] password) {
    byte[] other = compute(type, version, memoryKiB, iterations, parallelism, salt, password, hash.length);
    return MessageDigest.isEqual(hash, other);
  }

  String encode() {
    String name = switch (type) {
      case Argon2Parameters.ARGON2_id -> "argon2id";
      case Argon2Parameters.ARGON2_i -> "argon2i";
      default -> "argon2d";
    };
    return "$" + name + "$v=" + version + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
        + Codecs.encodeRaw(salt) + "$" + Codecs.encodeRaw(hash);
  }

  private static byte[] compute(int type, int version, int m, int t, int p, byte[] salt, byte[] pw, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(type)
        .withVersion(version)
        .withMemoryAsKB(m)
        .withIterations(t)
        .withParallelism(p)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(pw, out);
    return out;
  }
}
