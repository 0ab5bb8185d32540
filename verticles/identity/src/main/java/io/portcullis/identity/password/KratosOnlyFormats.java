package io.portcullis.identity.password;

/**
 * Formats Kratos' importer accepts that Portcullis does not verify (legacy digests, scrypt variants, crypt(3)
 * schemes). Naming them lets an import be refused with a precise reason instead of "unknown".
 */
final class KratosOnlyFormats {

  static final String SUPPORTED = "argon2id, argon2i, argon2d, bcrypt ($2a$, $2b$, $2y$), "
      + "pbkdf2 (sha1, sha224, sha256, sha384, sha512), {SSHA}, {SSHA256}, {SSHA512}";

  private static final String[][] KNOWN = {
    {"$md5-crypt$", "md5-crypt"},
    {"$sha256-crypt$", "sha256-crypt"},
    {"$sha512-crypt$", "sha512-crypt"},
    {"$scrypt$", "scrypt"},
    {"$firescrypt$", "firescrypt"},
    {"$sha1$", "sha1 with salt pattern"},
    {"$sha256$", "sha256 with salt pattern"},
    {"$sha512$", "sha512 with salt pattern"},
    {"$md5$", "md5"},
    {"$hmac-", "hmac"},
  };

  private KratosOnlyFormats() {}

  /** A reason naming the format when Kratos knows it, without echoing the hash. */
  static String describe(String encoded) {
    for (String[] known : KNOWN) {
      if (encoded.startsWith(known[0])) {
        return "hash format " + known[1] + " is accepted by Kratos but not supported by Portcullis; expected "
            + SUPPORTED;
      }
    }
    return "unknown hash format; expected " + SUPPORTED;
  }
}
