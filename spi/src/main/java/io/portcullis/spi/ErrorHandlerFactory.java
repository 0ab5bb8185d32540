package io.portcullis.spi;

import org.pf4j.ExtensionPoint;

/**
 * Declares an error handler by id and creates it for a rule (or for the global fallback chain). {@link #create}
 * validates the configuration: throw a {@link ConfigException} naming the field, and the rule is refused when rules
 * load rather than at request time.
 *
 * <p>The host matches a handler's {@code when} conditions itself, as Oathkeeper does, and hands the factory the rest
 * of the configuration.
 */
public interface ErrorHandlerFactory extends ExtensionPoint {
  /** The id rules refer to, e.g. {@code "redirect"}. Lower-case, stable. */
  String id();

  /** Creates the handler from the merged global and rule configuration, {@code when} removed. */
  ErrorHandler create(HandlerConfig config, HandlerContext context) throws ConfigException;
}
