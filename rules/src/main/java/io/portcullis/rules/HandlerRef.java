package io.portcullis.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A reference from a rule to a pipeline handler (authenticator, authorizer, mutator or error handler) plus the
 * rule-level configuration that is merged over the handler's global configuration.
 *
 * <p>Whether the handler exists is not checked here: that depends on which plugins are enabled, which only the
 * layer that instantiates handlers knows.
 *
 * @param config plain Java values (Map, List, String, Number, Boolean, null), in file order; never null, unmodifiable
 */
public record HandlerRef(String handler, Map<String, Object> config) {

  public HandlerRef {
    Objects.requireNonNull(handler, "handler");
    // LinkedHashMap rather than Map.copyOf: keeps the file's key order and tolerates null values.
    config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  public HandlerRef(String handler) {
    this(handler, Map.of());
  }
}
