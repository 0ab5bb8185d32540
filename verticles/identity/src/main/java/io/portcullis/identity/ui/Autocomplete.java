package io.portcullis.identity.ui;

/** Kratos' {@code uiNodeInputAttributes.autocomplete} enum. */
public enum Autocomplete {
  EMAIL("email"), TEL("tel"), URL("url"), CURRENT_PASSWORD("current-password"), NEW_PASSWORD("new-password"),
  ONE_TIME_CODE("one-time-code"), USERNAME_WEBAUTHN("username webauthn");

  private final String wire;

  Autocomplete(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Autocomplete fromWire(String wire) {
    for (Autocomplete a : values()) {
      if (a.wire.equals(wire)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown autocomplete value: " + wire);
  }
}
