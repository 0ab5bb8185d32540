package io.portcullis.identity.ui;

/** Kratos' {@code uiNodeInputAttributes.type} enum. */
public enum InputType {
  TEXT("text"), PASSWORD("password"), NUMBER("number"), CHECKBOX("checkbox"), HIDDEN("hidden"), EMAIL("email"),
  TEL("tel"), SUBMIT("submit"), BUTTON("button"), DATETIME_LOCAL("datetime-local"), DATE("date"), URL("url");

  private final String wire;

  InputType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static InputType fromWire(String wire) {
    for (InputType t : values()) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown input type: " + wire);
  }
}
