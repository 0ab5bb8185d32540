package io.portcullis.proxy;

/** How a request was decided: the {@code decision} label of the request metrics and of the access events. */
public enum Decision {
  GRANTED("granted"),
  DENIED("denied"),
  ERROR("error"),
  NO_RULE("no_rule"),
  RATE_LIMITED("rate_limited"),
  BAD_REQUEST("bad_request");

  private final String label;

  Decision(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The label, so that printing a decision shows what the metrics and events show. */
  @Override
  public String toString() {
    return label;
  }
}
