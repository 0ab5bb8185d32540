package io.portcullis.identity.password;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Collections;

/**
 * One Kratos UI message ({@code ui.nodes[].messages[]} entry) explaining why a password is refused. Ids, texts and
 * context keys are those of Kratos v25.4.0 ({@code text/message_validation.go}, ids from {@code text/id.go}), because
 * clients localize by id and may read the context.
 *
 * <p>The context map is sorted by key like Go's JSON encoding of a map; an empty context is omitted by Kratos
 * ({@code omitempty}), so serializers should leave the field out when it is empty.
 *
 * @param id message id
 * @param text English text
 * @param type always {@code "error"}
 * @param context values interpolated into the text
 */
public record PolicyViolation(long id, String text, String type, Map<String, Object> context) {

  /** {@code ErrorValidationPasswordIdentifierTooSimilar}. */
  public static final long ID_IDENTIFIER_TOO_SIMILAR = 4000031L;
  /** {@code ErrorValidationPasswordMinLength}. */
  public static final long ID_MIN_LENGTH = 4000032L;
  /** {@code ErrorValidationPasswordMaxLength}. */
  public static final long ID_MAX_LENGTH = 4000033L;
  /** {@code ErrorValidationPasswordTooManyBreaches}. */
  public static final long ID_TOO_MANY_BREACHES = 4000034L;

  private static final String ERROR = "error";

  public PolicyViolation {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(type, "type");
    context = Collections.unmodifiableMap(new TreeMap<>(context == null ? Map.of() : context));
  }

  /** The password is shorter (in UTF-8 bytes, as Kratos counts) than {@code min_password_length}. */
  public static PolicyViolation minLength(int minLength, int actualLength) {
    return new PolicyViolation(ID_MIN_LENGTH,
        "The password must be at least " + minLength + " characters long, but got " + actualLength + ".",
        ERROR, Map.of("min_length", minLength, "actual_length", actualLength));
  }

  /** The password is longer (in UTF-8 bytes) than the hasher accepts (72 for bcrypt). */
  public static PolicyViolation maxLength(int maxLength, int actualLength) {
    return new PolicyViolation(ID_MAX_LENGTH,
        "The password must be at most " + maxLength + " characters long, but got " + actualLength + ".",
        ERROR, Map.of("max_length", maxLength, "actual_length", actualLength));
  }

  /** The password is too close to the identifier; Kratos sends no context. */
  public static PolicyViolation identifierTooSimilar() {
    return new PolicyViolation(ID_IDENTIFIER_TOO_SIMILAR,
        "The password can not be used because it is too similar to the identifier.", ERROR, Map.of());
  }
}
