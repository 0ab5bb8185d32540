package io.portcullis.rules.internal;

/** A {@code match.url} that cannot be compiled; the message says what is wrong and where. */
public class InvalidPatternException extends Exception {

  public InvalidPatternException(String message) {
    super(message);
  }
}
