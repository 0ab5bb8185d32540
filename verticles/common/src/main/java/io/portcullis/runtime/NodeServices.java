package io.portcullis.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.LoadedConfig;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.sessioncache.SessionCache;

/**
 * What every verticle of one node shares: the configuration, the handlers found through PF4J, the compiler that
 * binds rules to them, the metrics registry, the audit switch and the session cache. Built once by the launcher and handed to each verticle.
 */
public record NodeServices(LoadedConfig loaded, HandlerRegistry handlers, PipelineCompiler compiler,
    PrometheusMeterRegistry metrics, AuditGate audit, SessionCache sessions) {

  /** Without a session role (rule checks, benchmarks): a disabled session cache. */
  public NodeServices(LoadedConfig loaded, HandlerRegistry handlers, PipelineCompiler compiler,
      PrometheusMeterRegistry metrics, AuditGate audit) {
    this(loaded, handlers, compiler, metrics, audit, SessionCache.disabled());
  }

  public PortcullisConfig config() {
    return loaded.config();
  }
}
