package io.portcullis.spi;

/**
 * Turns a request that was not let through into a response: a JSON error, a redirect to a login page, a Basic
 * challenge. Called on an event loop, only when the handler's {@code when} conditions match: answer at once, never
 * block. A handler that throws or returns null is answered for with the host's {@link Denial#standardResponse}.
 */
@FunctionalInterface
public interface ErrorHandler {
  ErrorResponse handle(AccessRequest request, Denial denial);
}
