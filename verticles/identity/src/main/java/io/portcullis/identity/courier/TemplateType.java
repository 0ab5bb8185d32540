package io.portcullis.identity.courier;

/**
 * Kratos' courier template types, by their wire name ({@code template_type} of a message) and the
 * {@code courier.templates.<flow>.<valid|invalid>} key that overrides them.
 */
public enum TemplateType {
  RECOVERY_VALID("recovery_valid", "recovery", "valid"),
  RECOVERY_INVALID("recovery_invalid", "recovery", "invalid"),
  RECOVERY_CODE_VALID("recovery_code_valid", "recovery_code", "valid"),
  RECOVERY_CODE_INVALID("recovery_code_invalid", "recovery_code", "invalid"),
  VERIFICATION_VALID("verification_valid", "verification", "valid"),
  VERIFICATION_INVALID("verification_invalid", "verification", "invalid"),
  VERIFICATION_CODE_VALID("verification_code_valid", "verification_code", "valid"),
  VERIFICATION_CODE_INVALID("verification_code_invalid", "verification_code", "invalid");

  private final String wireName;
  private final String templatesKey;
  private final String validity;

  TemplateType(String wireName, String templatesKey, String validity) {
    this.wireName = wireName;
    this.templatesKey = templatesKey;
    this.validity = validity;
  }

  /** The {@code template_type} of a courier message. */
  public String wireName() {
    return wireName;
  }

  /** The key under {@code courier.templates} ({@code recovery_code}, ...). */
  public String templatesKey() {
    return templatesKey;
  }

  /** {@code valid} or {@code invalid}: the key under {@code courier.templates.<templatesKey>}. */
  public String validity() {
    return validity;
  }
}
