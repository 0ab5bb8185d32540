package io.portcullis.identity.password;

/**
 * Thrown by {@link PasswordHasher#hash} when bcrypt would silently truncate the password (over 72 bytes); Kratos
 * refuses such passwords with the max-length message, available as {@link #violation()}.
 */
public final class PasswordTooLongException extends IllegalArgumentException {

  private final transient PolicyViolation violation;

  PasswordTooLongException(PolicyViolation violation) {
    super(violation.text());
    this.violation = violation;
  }

  /** The Kratos message to show on the password node. */
  public PolicyViolation violation() {
    return violation;
  }
}
