package io.portcullis.events;

/** CloudEvents {@code type} values, declared once; the audit and revocation schemas refer to these. */
public final class EventTypes {
  public static final String ACCESS_GRANTED = "sh.portcullis.access.granted.v1";
  public static final String ACCESS_DENIED = "sh.portcullis.access.denied.v1";

  private EventTypes() {
  }
}
