package io.portcullis.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.LoadedConfig;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.pipeline.host.PluginHost;
import java.time.Clock;
import io.portcullis.proxy.ApiVerticle;
import io.portcullis.proxy.LongLivedConnections;
import io.portcullis.proxy.ProxyVerticle;
import io.portcullis.ruleset.RuleVerticle;
import io.portcullis.runtime.EventLoopDelay;
import io.portcullis.runtime.MetricsVerticle;
import io.portcullis.runtime.Version;
import io.portcullis.node.NodeServices;
import io.portcullis.runtime.AuditGate;
import io.portcullis.runtime.LocalCodec;
import io.portcullis.kafka.events.AccessEventBatch;
import io.portcullis.audit.AuditVerticle;
import io.portcullis.identity.IdentityRole;
import io.portcullis.config.Durations;
import io.portcullis.config.SessionsConfig;
import io.portcullis.session.SessionRole;
import io.portcullis.sessioncache.CachingSessionChecker;
import io.portcullis.sessioncache.SessionCache;
import io.portcullis.tracing.Tracing;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.Role;
import io.portcullis.contracts.SessionCheckCodecs;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Portcullis process: builds the shared services, joins the cluster when {@code portcullis.cluster.enabled}, and
 * deploys the roles named by {@code portcullis.roles} in dependency order (rules first, so proxies start on a loaded
 * rule set), then metrics. {@link #close()} stops them in the order that loses nothing (see there).
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final NodeServices services;
  private final AccessPipeline pipeline;
  private final Deployed deployed;
  private final NodeTracing tracer;
  private final JvmGcMetrics gc;

  /** What started, for an orderly stop; a role that did not start is a failed or null future. */
  private record Deployed(List<Future<String>> front, Future<SessionRole> sessions, Future<IdentityRole> identity,
      Future<String> rules, Future<String> audit) {
  }

  private Node(Vertx vertx, NodeServices services, AccessPipeline pipeline, Deployed deployed, NodeTracing tracer,
      JvmGcMetrics gc) {
    this.vertx = vertx;
    this.tracer = tracer;
    this.gc = gc;
    this.services = services;
    this.pipeline = pipeline;
    this.deployed = deployed;
  }

  /** Starts a node and waits until every role listens. Throws with the cause when a role cannot start. */
  public static Node start(LoadedConfig loaded) throws Exception {
    return start(loaded, NodeTracing.of(loaded.config().tracing()));
  }

  /** With the given tracing (tests export spans to memory). */
  static Node start(LoadedConfig loaded, NodeTracing tracer) throws Exception {
    var portcullis = loaded.config().portcullis();
    Set<Role> roles = portcullis.roleSet();
    HandlerRegistry handlers = HandlerRegistry.load(loaded.resolve(portcullis.plugins().directory()));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx;
    try {
      vertx = vertx(portcullis, tracer);
    } catch (Exception e) {
      handlers.close();
      tracer.close();
      throw e;
    }
    String prefix = loaded.config().serve().prometheus().metricNamePrefix();
    Tracing tracing = tracer.tracing();
    JvmGcMetrics gc = processMetrics(metrics, prefix);
    PluginHost host = new PluginHost(vertx, metrics, prefix, Clock.systemUTC());
    PipelineCompiler compiler = new PipelineCompiler(loaded.config(), handlers, host);
    boolean auditRole = roles.contains(Role.AUDIT) && portcullis.audit().enabled();
    AuditGate audit = new AuditGate(portcullis.audit().enabled());
    LocalCodec.register(vertx, AccessEventBatch.class);
    SessionCheckCodecs.register(vertx);
    SessionsConfig sessionsConfig = portcullis.sessions();
    // The cache lives with the session role, whose revocation consumers keep it honest; without one, no cache.
    boolean sessionRole = roles.contains(Role.SESSION) && sessionsConfig.enabled();
    SessionCache cache = sessionRole
        ? new SessionCache(sessionsConfig.cache().enabled(), sessionsConfig.cache().maxEntries(),
            Durations.parse("portcullis.sessions.cache.max_lifetime", sessionsConfig.cache().maxLifetime()),
            Clock.systemUTC(), metrics, prefix)
        : SessionCache.disabled();
    if (sessionsConfig.enabled()) {
      host.useSessions(new CachingSessionChecker(vertx, cache, sessionRole, tracing));
    }
    NodeServices services = new NodeServices(loaded, metrics, audit, cache, tracing);
    LongLivedConnections connections = new LongLivedConnections(cache, metrics, prefix);
    AccessPipeline pipeline = new AccessPipeline(handlers, compiler);
    int configured = portcullis.proxy().instances();
    int instances = configured == 0 ? VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE : configured;
    DeploymentOptions perLoop = new DeploymentOptions().setInstances(instances);
    // The audit role first: proxies may send events as soon as they serve.
    Future<String> audited = auditRole
        ? vertx.deployVerticle(() -> new AuditVerticle(services),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        : Future.succeededFuture();
    var identityConfig = portcullis.identity();
    var revocations = portcullis.revocations();
    Future<IdentityRole> identity = roles.contains(Role.IDENTITY) && identityConfig.enabled()
        ? IdentityRole.start(vertx, identityConfig, revocations,
            portcullis.audit().enabled() ? portcullis.audit().topic() : null, portcullis.audit().eventSource(),
            instances, portcullis.servers(), metrics, prefix)
        : Future.succeededFuture();
    Future<SessionRole> sessions = identity.compose(x -> sessionRole
        ? SessionRole.start(vertx, portcullis, cache, instances, metrics, prefix) : Future.succeededFuture());
    Future<String> rules = audited.compose(x -> sessions).compose(x -> roles.contains(Role.RULES)
        ? vertx.deployVerticle(() -> new RuleVerticle(services, pipeline), new DeploymentOptions())
        : Future.succeededFuture());
    Future<String> proxies = rules.compose(x -> roles.contains(Role.PROXY)
        ? vertx.deployVerticle(() -> new ProxyVerticle(services, pipeline, connections), perLoop)
        : Future.succeededFuture());
    // The API (rules, health, decisions) also runs on a rules-only node, so its set in force can be checked there.
    Future<String> api = proxies.compose(x -> roles.contains(Role.PROXY) || roles.contains(Role.RULES)
        ? vertx.deployVerticle(() -> new ApiVerticle(services, pipeline), perLoop) : Future.succeededFuture());
    Future<?> all = api.compose(x -> EventLoopDelay.deploy(vertx, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, metrics,
        prefix)).compose(x -> vertx.deployVerticle(new MetricsVerticle(loaded.config().serve().prometheus(),
        metrics)));
    Node node = new Node(vertx, services, pipeline, new Deployed(List.of(proxies, api), sessions, identity, rules,
        audited), tracer, gc);
    try {
      all.await();
    } catch (Exception e) {
      // Roles started before the failure hold threads and pools outside Vert.x: closed like a running node.
      node.close();
      throw e;
    }
    var serve = loaded.config().serve();
    LOG.info("Portcullis {} serving roles {}{}: proxy :{}, api :{}, metrics :{}{}", Version.get(),
        roles, vertx.isClustered() ? " (clustered)" : "", serve.proxy().port(), serve.api().port(),
        serve.prometheus().port(), serve.prometheus().metricsPath());
    return node;
  }

  /**
   * {@code <prefix>build{version}} (1 on every node, whatever its roles) and the JVM's and the process' standard
   * meters ({@code jvm_*}, {@code process_*}, {@code system_*}); the GC's must be closed.
   */
  private static JvmGcMetrics processMetrics(PrometheusMeterRegistry metrics, String prefix) {
    Gauge.builder(prefix + "build", () -> 1).description("The Portcullis release this node runs")
        .tag("version", Version.get()).register(metrics);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
    new FileDescriptorMetrics().bindTo(metrics);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(metrics);
    return gc;
  }

  private static Vertx vertx(PortcullisConfig.Portcullis portcullis, NodeTracing tracer) {
    VertxBuilder builder = tracer.install(Vertx.builder().withTransport(Transports.choose(portcullis.transport())));
    if (!portcullis.cluster().enabled()) {
      return builder.with(new VertxOptions()).build();
    }
    return ClusteredVertx.configure(builder, new VertxOptions(), portcullis.cluster()).buildClustered().await();
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeServices services() {
    return services;
  }

  /**
   * Stops in the order that loses nothing (on SIGTERM through {@code serve}'s shutdown hook): the proxy and API
   * listeners close and drain the requests in flight; then the session and identity roles stop; then the rules
   * role (a standby on another node takes the lead at once); then the audit role flushes what the proxies handed it
   * to Kafka or its spool; last Vert.x closes, which leaves the cluster, so revocations keep arriving while draining.
   */
  @Override
  public void close() {
    LOG.info("stopping: draining requests in flight, then stopping the roles{}",
        vertx.isClustered() ? " and leaving the cluster" : "");
    Future.join(deployed.front().stream().map(d -> stop(d, vertx::undeploy)).toList()).await();
    stop(deployed.sessions(), SessionRole::close).await();
    stop(deployed.identity(), IdentityRole::close).await();
    stop(deployed.rules(), vertx::undeploy).await();
    stop(deployed.audit(), vertx::undeploy).await();
    vertx.close().await();
    pipeline.handlers().close();
    gc.close();
    tracer.close();
  }

  /** Stops what started (waiting for a start still under way); a failed stop does not keep the rest from stopping. */
  private static <T> Future<Void> stop(Future<T> started, java.util.function.Function<T, Future<Void>> stopper) {
    return started.transform(r -> r.succeeded() && r.result() != null
        ? stopper.apply(r.result()).otherwise(t -> {
          LOG.warn("stopping {}: {}", r.result(), String.valueOf(t));
          return null;
        })
        : Future.succeededFuture());
  }
}
