package io.portcullis.pipeline;

import io.portcullis.config.Durations;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.tracing.Tracing;
import io.vertx.core.Vertx;

/**
 * The node's access pipeline: the handlers found through PF4J and the compiler that binds rules to them. Built once
 * by the launcher and shared by the roles that compile rules (rules) or run them (proxy, decisions).
 */
public record AccessPipeline(HandlerRegistry handlers, PipelineCompiler compiler) {

  /** The public keys signing handlers published, for {@code /.well-known/jwks.json}. */
  public java.util.List<java.util.Map<String, Object>> publicKeys() {
    return compiler.host().publishedKeys().keys();
  }

  /** An executor for one verticle, with the configured handler timeout and blocked-loop threshold. */
  public PipelineExecutor executor(Vertx vertx, PortcullisConfig config, Tracing tracing) {
    var plugins = config.portcullis().plugins();
    return new PipelineExecutor(vertx, tracing,
        Durations.parse("portcullis.plugins.handler_timeout", plugins.handlerTimeout()).toMillis(),
        Durations.parse("portcullis.plugins.blocked_threshold", plugins.blockedThreshold()).toMillis());
  }
}
