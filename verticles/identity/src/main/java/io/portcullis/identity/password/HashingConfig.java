package io.portcullis.identity.password;

import java.util.Locale;
import java.util.Objects;

/**
 * Which algorithm new password hashes use, and its parameters (Kratos' {@code hashers} block). The parameters of the
 * algorithm not selected are kept so {@link PasswordHasher#needsRehash} and imports stay well defined.
 *
 * @param algorithm {@code hashers.algorithm}
 * @param argon2 {@code hashers.argon2.*}
 * @param bcrypt {@code hashers.bcrypt.*}
 */
public record HashingConfig(Algorithm algorithm, Argon2Params argon2, BcryptParams bcrypt) {

  /** Argon2id with {@link Argon2Params#DEFAULT}: memory-hard, preferred over bcrypt (no 72-byte limit). */
  public static final HashingConfig DEFAULT =
      new HashingConfig(Algorithm.ARGON2, Argon2Params.DEFAULT, BcryptParams.DEFAULT);

  public HashingConfig {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(argon2, "argon2");
    Objects.requireNonNull(bcrypt, "bcrypt");
  }

  /** Argon2id with the given parameters. */
  public static HashingConfig argon2(Argon2Params params) {
    return new HashingConfig(Algorithm.ARGON2, params, BcryptParams.DEFAULT);
  }

  /** bcrypt with the given parameters. */
  public static HashingConfig bcrypt(BcryptParams params) {
    return new HashingConfig(Algorithm.BCRYPT, Argon2Params.DEFAULT, params);
  }

  /** The values of {@code hashers.algorithm}. */
  public enum Algorithm {
    ARGON2("argon2"),
    BCRYPT("bcrypt");

    private final String configName;

    Algorithm(String configName) {
      this.configName = configName;
    }

    /** The spelling used in Kratos' configuration. */
    public String configName() {
      return configName;
    }

    /** Parses {@code hashers.algorithm}; only "argon2" and "bcrypt" are valid, as in Kratos' schema. */
    public static Algorithm fromConfig(String value) {
      String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      for (Algorithm a : values()) {
        if (a.configName.equals(v)) {
          return a;
        }
      }
      throw new IllegalArgumentException("hashers.algorithm: \"" + value + "\", expected one of argon2, bcrypt");
    }
  }
}
