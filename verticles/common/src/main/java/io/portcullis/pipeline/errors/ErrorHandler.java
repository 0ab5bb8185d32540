package io.portcullis.pipeline.errors;

import io.portcullis.spi.AccessRequest;

/** Turns a denied or failed request into a response: JSON, a redirect to a login page, a Basic challenge. */
public interface ErrorHandler {
  /** The conditions under which this handler is responsible; {@link When#ALWAYS} when none are configured. */
  When when();

  ErrorResponse handle(AccessRequest request, PipelineFailure failure);
}
