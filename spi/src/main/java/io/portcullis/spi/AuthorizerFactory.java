package io.portcullis.spi;

import org.pf4j.ExtensionPoint;

/**
 * Declares a authorizer by id and creates it for a rule. {@link #create} validates the configuration: throw a
 * {@link ConfigException} naming the field, and the rule is refused when rules load rather than at request time.
 */
public interface AuthorizerFactory extends ExtensionPoint {
  /** The id rules refer to, e.g. {@code "anonymous"}. Lower-case, stable. */
  String id();

  /** Creates the handler for one rule from the merged global and rule configuration. */
  Authorizer create(HandlerConfig config, HandlerContext context) throws ConfigException;
}
