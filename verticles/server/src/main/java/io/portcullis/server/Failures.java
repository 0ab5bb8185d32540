package io.portcullis.server;

/** Turns a start failure into one line an operator can act on. */
public final class Failures {
  private Failures() {
  }

  /** The message of {@code e} followed by every distinct cause's, e.g. {@code cannot bind: Address already in use}. */
  public static String rootMessage(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }
}
