package io.portcullis.spi;

import org.pf4j.ExtensionPoint;

/**
 * Declares a mutator by id and creates it for a rule. {@link #create} validates the configuration: throw a
 * {@link ConfigException} naming the field, and the rule is refused when rules load rather than at request time.
 */
public interface MutatorFactory extends ExtensionPoint {
  /** The id rules refer to, e.g. {@code "anonymous"}. Lower-case, stable. */
  String id();

  /** Creates the handler for one rule from the merged global and rule configuration. */
  Mutator create(HandlerConfig config, HandlerContext context) throws ConfigException;
}
