package io.portcullis.node;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.LoadedConfig;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.runtime.AuditGate;
import io.portcullis.sessioncache.SessionCache;
import io.portcullis.tracing.Tracing;

/**
 * What every verticle of one node shares: the configuration, the metrics registry, the audit switch, the session
 * cache and the tracer. Built once by the launcher and handed to each verticle; the roles that run access rules get the node's
 * {@code AccessPipeline} beside it.
 */
public record NodeServices(LoadedConfig loaded, PrometheusMeterRegistry metrics, AuditGate audit,
    SessionCache sessions, Tracing tracing) {

  /** Without tracing. */
  public NodeServices(LoadedConfig loaded, PrometheusMeterRegistry metrics, AuditGate audit, SessionCache sessions) {
    this(loaded, metrics, audit, sessions, Tracing.OFF);
  }

  /** Without a session role (rule checks, benchmarks): a disabled session cache. */
  public NodeServices(LoadedConfig loaded, PrometheusMeterRegistry metrics, AuditGate audit) {
    this(loaded, metrics, audit, SessionCache.disabled());
  }

  public PortcullisConfig config() {
    return loaded.config();
  }
}
