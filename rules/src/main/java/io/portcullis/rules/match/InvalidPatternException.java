package io.portcullis.rules.match;

/** A {@code match.url} that cannot be compiled; the message says what is wrong and where. */
class InvalidPatternException extends Exception {

  public InvalidPatternException(String message) {
    super(message);
  }
}
