package io.portcullis.identity.password;

/**
 * Argon2id cost parameters, in the units Kratos uses for {@code hashers.argon2.*}.
 *
 * <p>{@link #DEFAULT} is m=64 MiB, t=2, p=1, 16-byte salt, 32-byte key. Measured with Bouncy Castle 1.87 (pure Java,
 * single-threaded even for p&gt;1) on the 2-core build machine: about 155-200 ms per hash or verify. That is above
 * OWASP's minimum (m=19 MiB, t=2, p=1: about 45 ms here) on both memory and passes, and inside the 50-200 ms login
 * budget. Kratos' own default (128 MB, t=1, p=2&times;CPUs) relies on Go's multi-threaded lanes; in Bouncy Castle
 * parallelism buys no speed, so p=1 keeps the cost per hash predictable. Peak memory is {@code memoryKiB} per running
 * hash, which {@link PasswordService} bounds by its pool size.
 *
 * @param memoryKiB memory in KiB ({@code m}), at least 8 &times; parallelism, at most 256 MiB (the verification cap)
 * @param iterations passes over memory ({@code t}), 1..16 (the verification cap)
 * @param parallelism lanes ({@code p}), 1..255 as in Kratos' uint8
 * @param saltLength salt bytes, at least 16 (Kratos' schema minimum)
 * @param keyLength derived key bytes, at least 16 (Kratos' schema minimum)
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism, int saltLength, int keyLength) {

  /** Production default; see the class comment for the measured cost. */
  public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 2, 1, 16, 32);

  /** OWASP Password Storage Cheat Sheet minimum for Argon2id; nothing weaker should be configured. */
  public static final Argon2Params OWASP_MINIMUM = new Argon2Params(19 * 1024, 2, 1, 16, 32);

  public Argon2Params {
    if (parallelism < 1 || parallelism > 255) {
      throw new IllegalArgumentException("hashers.argon2.parallelism: " + parallelism + ", expected 1..255");
    }
    if (iterations < 1 || iterations > Argon2Hash.MAX_ITERATIONS) {
      throw new IllegalArgumentException("hashers.argon2.iterations: " + iterations + ", expected 1.."
          + Argon2Hash.MAX_ITERATIONS);
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > Argon2Hash.MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("hashers.argon2.memory: " + memoryKiB + " KiB, expected "
          + 8 * parallelism + ".." + Argon2Hash.MAX_MEMORY_KIB + " (8 KiB per lane, at most 256 MiB)");
    }
    if (saltLength < 16) {
      throw new IllegalArgumentException("hashers.argon2.salt_length: " + saltLength + ", expected >= 16");
    }
    if (keyLength < 16) {
      throw new IllegalArgumentException("hashers.argon2.key_length: " + keyLength + ", expected >= 16");
    }
  }
}
