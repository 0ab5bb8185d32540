package io.portcullis.pipeline.errors;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;

/** Declares an error handler by id and creates it from its merged configuration, validating it. */
public interface ErrorHandlerFactory {
  String id();

  ErrorHandler create(HandlerConfig config) throws ConfigException;
}
