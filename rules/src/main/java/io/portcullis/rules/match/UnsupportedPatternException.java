package io.portcullis.rules.match;

/**
 * A regular expression uses a construct (look-around, back-reference, flags, anchors...) that has no finite-automaton
 * equivalent here. The rule still matches correctly; it just cannot be checked for overlaps.
 */
class UnsupportedPatternException extends Exception {

  public UnsupportedPatternException(String message) {
    super(message);
  }
}
