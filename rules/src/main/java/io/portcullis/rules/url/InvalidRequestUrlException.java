package io.portcullis.rules.url;

/** The request URL cannot be normalized safely; the request is answered with 400 and never matched. */
public class InvalidRequestUrlException extends Exception {

  public InvalidRequestUrlException(String reason) {
    super(reason);
  }
}
