package io.portcullis.identity.password;

/**
 * A stored hash that cannot be parsed or is outside the limits we verify. The message says what is wrong and never
 * contains the hash itself, so it is safe to return to an admin importing identities.
 */
final class MalformedHashException extends Exception {

  MalformedHashException(String reason) {
    super(reason, null, false, false);
  }
}
