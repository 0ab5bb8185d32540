package io.portcullis.spi;

/** Why a request was not let through, as error handlers see it. */
public interface Denial {
  /** The HTTP status that stands for it: 401, 403, 500 for a broken handler, ... */
  int status();

  /** What went wrong, for logs and verbose answers (never exception text); may be null. */
  String reason();

  /** The id of the handler that decided, or null when none did (e.g. no authenticator was responsible). */
  String handler();

  /** The host's answer for this denial, Ory's JSON error body; with the reason when {@code withReason}. */
  ErrorResponse standardResponse(boolean withReason);
}
