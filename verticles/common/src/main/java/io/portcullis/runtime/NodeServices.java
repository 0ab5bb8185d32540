package io.portcullis.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.LoadedConfig;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;

/**
 * What every verticle of one node shares: the configuration, the handlers found through PF4J, the compiler that
 * binds rules to them, the metrics registry and the audit switch. Built once by the launcher and handed to each verticle.
 */
public record NodeServices(LoadedConfig loaded, HandlerRegistry handlers, PipelineCompiler compiler,
    PrometheusMeterRegistry metrics, AuditGate audit) {

  public PortcullisConfig config() {
    return loaded.config();
  }
}
