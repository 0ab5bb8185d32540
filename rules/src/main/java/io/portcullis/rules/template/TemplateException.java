package io.portcullis.rules.template;

/** A template that cannot be compiled; the message names the problem and its position. */
public class TemplateException extends Exception {

  public TemplateException(String message) {
    super(message);
  }
}
