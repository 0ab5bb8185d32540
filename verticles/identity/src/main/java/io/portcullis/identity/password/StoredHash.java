package io.portcullis.identity.password;

/**
 * A parsed {@code hashed_password}: the algorithm, its parameters, salt and digest. Parsing is separate from
 * verification so that imports can be checked without a password and limits are enforced before any work.
 */
sealed interface StoredHash permits Argon2Hash, BcryptHash, Pbkdf2Hash, SaltedShaHash {

  /** Hashes {@code password} (UTF-8) with this hash's parameters and compares in constant time. */
  boolean matches(byte[] password);

  /** Recognizes a format by its prefix, as Kratos' {@code hash.Compare} does, then parses it strictly. */
  static StoredHash parse(String encoded) throws MalformedHashException {
    if (encoded == null || encoded.isEmpty()) {
      throw new MalformedHashException("hashed_password is empty");
    }
    if (encoded.startsWith("$argon2")) {
      return Argon2Hash.parse(encoded);
    }
    if (encoded.startsWith("$2")) {
      return BcryptHash.parse(encoded);
    }
    if (encoded.startsWith("$pbkdf2-")) {
      return Pbkdf2Hash.parse(encoded);
    }
    if (encoded.startsWith("{SSHA")) {
      return SaltedShaHash.parse(encoded);
    }
    throw new MalformedHashException(KratosOnlyFormats.describe(encoded));
  }

  /** Parses a decimal parameter without sign or leading zeros, within {@code [min, max]}. */
  static int parseParam(String value, String name, int min, int max) throws MalformedHashException {
    if (value.isEmpty() || value.length() > 10 || (value.length() > 1 && value.charAt(0) == '0')) {
      throw new MalformedHashException(name + " is not a decimal number");
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new MalformedHashException(name + " is not a decimal number");
      }
      n = n * 10 + (c - '0');
    }
    if (n < min || n > max) {
      throw new MalformedHashException(name + "=" + n + " is outside " + min + ".." + max);
    }
    return (int) n;
  }

  /** Checks {@code part} is {@code key=value} and returns the value. */
  static String expectKey(String part, String key) throws MalformedHashException {
    if (!part.startsWith(key + "=")) {
      throw new MalformedHashException("expected parameter " + key + "=");
    }
    return part.substring(key.length() + 1);
  }
}
