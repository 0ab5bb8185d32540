package io.portcullis.identity.password;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Hashes and verifies passwords in the formats Kratos stores in a password credential's {@code hashed_password}.
 *
 * <p>Synchronous and CPU-bound (tens to hundreds of milliseconds): call it from a worker thread, normally through
 * {@link PasswordService}. Immutable and thread-safe. Bad stored data never throws: {@link #verify} answers false and
 * {@link #unsupportedReason} says why, without repeating the hash.
 */
public final class PasswordHasher {

  /** bcrypt ignores key bytes beyond 72; Kratos refuses longer passwords when bcrypt is in use. */
  public static final int BCRYPT_MAX_PASSWORD_BYTES = BcryptHash.MAX_PASSWORD_BYTES;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HashingConfig config;
  private final StoredHash dummy;

  public PasswordHasher(HashingConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.dummy = dummyFor(config);
  }

  /** The configuration new hashes follow. */
  public HashingConfig config() {
    return config;
  }

  /**
   * Hashes a password with the configured algorithm: {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash} or
   * {@code $2a$<cost>$...}, exactly as Kratos writes them.
   *
   * @throws PasswordTooLongException with bcrypt, when the password exceeds 72 UTF-8 bytes
   */
  public String hash(String password) {
    byte[] pw = Utf8.bytes(Objects.requireNonNull(password, "password"));
    return switch (config.algorithm()) {
      case ARGON2 -> Argon2Hash.derive(config.argon2(), randomBytes(config.argon2().saltLength()), pw).encode();
      case BCRYPT -> {
        if (pw.length > BCRYPT_MAX_PASSWORD_BYTES) {
          throw new PasswordTooLongException(PolicyViolation.maxLength(BCRYPT_MAX_PASSWORD_BYTES, pw.length));
        }
        yield BcryptHash.derive(config.bcrypt().cost(), randomBytes(16), pw).encode();
      }
    };
  }

  /**
   * Checks a password against a stored hash of any supported format, comparing digests in constant time. Returns
   * false for a wrong password, a malformed or unsupported hash, and (like Kratos) a bcrypt password over 72 bytes.
   */
  public boolean verify(String password, String encoded) {
    if (password == null) {
      return false;
    }
    StoredHash stored;
    try {
      stored = StoredHash.parse(encoded);
    } catch (MalformedHashException e) {
      return false;
    }
    return stored.matches(Utf8.bytes(password));
  }

  /**
   * Does the work of one verification against the current configuration and discards the result, so that a login
   * with an unknown identifier takes as long as one with a wrong password.
   */
  public void verifyAgainstDummy(String password) {
    dummy.matches(Utf8.bytes(password == null ? "" : password));
  }

  /** Why a hash cannot be verified (e.g. for an import error on {@code hashed_password}), or empty if it can. */
  public Optional<String> unsupportedReason(String encoded) {
    try {
      StoredHash.parse(encoded);
      return Optional.empty();
    } catch (MalformedHashException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Whether a hash that just verified should be replaced by {@link #hash}: it uses another algorithm (as Kratos
   * decides on login), or (stricter than Kratos) the configured algorithm with weaker parameters: less memory,
   * fewer passes or lanes, shorter salt or key, an older argon2 version, or a lower bcrypt cost.
   */
  public boolean needsRehash(String encoded) {
    StoredHash stored;
    try {
      stored = StoredHash.parse(encoded);
    } catch (MalformedHashException e) {
      return true;
    }
    return switch (config.algorithm()) {
      case ARGON2 -> !(stored instanceof Argon2Hash a && Argon2Hash.isId(encoded) && !weaker(a, config.argon2()));
      case BCRYPT -> !(stored instanceof BcryptHash b && b.cost() >= config.bcrypt().cost());
    };
  }

  /** The longest password (UTF-8 bytes) the configured algorithm accepts: 72 for bcrypt, none for argon2. */
  public OptionalInt maxPasswordBytes() {
    return config.algorithm() == HashingConfig.Algorithm.BCRYPT
        ? OptionalInt.of(BCRYPT_MAX_PASSWORD_BYTES)
        : OptionalInt.empty();
  }

  private static boolean weaker(Argon2Hash a, Argon2Params p) {
    return a.version() < 0x13
        || a.memoryKiB() < p.memoryKiB()
        || a.iterations() < p.iterations()
        || a.parallelism() < p.parallelism()
        || a.salt().length < p.saltLength()
        || a.hash().length < p.keyLength();
  }

  /** The hash unknown identifiers are checked against (tests compare its parameters with the configuration). */
  StoredHash dummy() {
    return dummy;
  }

  /** A hash that costs exactly one verification with the current parameters and matches nothing. */
  private static StoredHash dummyFor(HashingConfig config) {
    return switch (config.algorithm()) {
      case ARGON2 -> {
        Argon2Params p = config.argon2();
        yield new Argon2Hash(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id, 0x13, p.memoryKiB(),
            p.iterations(), p.parallelism(), randomBytes(p.saltLength()), randomBytes(p.keyLength()));
      }
      case BCRYPT -> new BcryptHash('a', config.bcrypt().cost(), randomBytes(16), randomBytes(23));
    };
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
