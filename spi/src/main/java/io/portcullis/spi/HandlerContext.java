package io.portcullis.spi;

/** What the host gives a factory when it creates a handler for one rule. */
public interface HandlerContext {
  /** The rule the handler is created for; null when the host only validates the global configuration. */
  String ruleId();

  /**
   * Compiles a template; a syntax error is a {@link ConfigException} on {@code field}.
   *
   * @param field the configuration field the template came from, for the error message
   */
  RequestTemplate template(String field, String source) throws ConfigException;

  /** The host's services for this handler: HTTP client, caches, clock, metrics. */
  PluginServices services();
}
