package io.portcullis.identity.flow.onetime;

/** What a one-time secret is for; the {@code kind} column of {@code selfservice_tokens}. */
public enum OneTimeKind {
  RECOVERY_LINK("recovery_link"), RECOVERY_CODE("recovery_code"), VERIFICATION_LINK("verification_link"),
  VERIFICATION_CODE("verification_code");

  private final String column;

  OneTimeKind(String column) {
    this.column = column;
  }

  String column() {
    return column;
  }
}
