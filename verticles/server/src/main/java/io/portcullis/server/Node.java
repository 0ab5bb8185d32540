package io.portcullis.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.LoadedConfig;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.pipeline.host.PluginHost;
import java.time.Clock;
import io.portcullis.proxy.ApiVerticle;
import io.portcullis.proxy.ProxyVerticle;
import io.portcullis.ruleset.RuleVerticle;
import io.portcullis.runtime.MetricsVerticle;
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
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Portcullis process: builds the shared services and deploys the roles in dependency order (rules first, so
 * proxies start on a loaded rule set), then metrics. {@link #close()} undeploys everything.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final NodeServices services;
  private final AccessPipeline pipeline;
  private final IdentityRole identity;
  private final SessionRole sessions;

  private Node(Vertx vertx, NodeServices services, AccessPipeline pipeline, IdentityRole identity,
      SessionRole sessions) {
    this.vertx = vertx;
    this.services = services;
    this.pipeline = pipeline;
    this.identity = identity;
    this.sessions = sessions;
  }

  /** Starts a node and waits until every role listens. Throws with the cause when a role cannot start. */
  public static Node start(LoadedConfig loaded) throws Exception {
    HandlerRegistry handlers = HandlerRegistry.load(loaded.resolve(loaded.config().portcullis().plugins().directory()));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder().with(new VertxOptions())
        .withTransport(Transports.choose(loaded.config().portcullis().transport())).build();
    String prefix = loaded.config().serve().prometheus().metricNamePrefix();
    PluginHost host = new PluginHost(vertx, metrics, prefix, Clock.systemUTC());
    PipelineCompiler compiler = new PipelineCompiler(loaded.config(), handlers, host);
    AuditGate audit = new AuditGate(loaded.config().portcullis().audit().enabled());
    LocalCodec.register(vertx, AccessEventBatch.class);
    LocalCodec.register(vertx, io.portcullis.spi.HttpCaller.Call.class);
    LocalCodec.register(vertx, io.portcullis.spi.HttpCaller.Reply.class);
    var portcullis = loaded.config().portcullis();
    SessionsConfig sessionsConfig = portcullis.sessions();
    SessionCache cache = sessionsConfig.enabled()
        ? new SessionCache(sessionsConfig.cache().enabled(), sessionsConfig.cache().maxEntries(),
            Durations.parse("portcullis.sessions.cache.max_lifetime", sessionsConfig.cache().maxLifetime()),
            Clock.systemUTC(), metrics, prefix)
        : SessionCache.disabled();
    if (sessionsConfig.enabled()) {
      host.useSessions(new CachingSessionChecker(vertx, cache));
    }
    NodeServices services = new NodeServices(loaded, metrics, audit, cache);
    AccessPipeline pipeline = new AccessPipeline(handlers, compiler);
    int configured = loaded.config().portcullis().proxy().instances();
    int instances = configured == 0 ? VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE : configured;
    DeploymentOptions perLoop = new DeploymentOptions().setInstances(instances);
    // The audit role first: proxies may send events as soon as they serve.
    Future<?> audited = audit.enabled()
        ? vertx.deployVerticle(() -> new AuditVerticle(services),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        : Future.succeededFuture();
    var identityConfig = portcullis.identity();
    var revocations = portcullis.revocations();
    Future<IdentityRole> identity = identityConfig.enabled()
        ? IdentityRole.start(vertx, identityConfig, revocations,
            portcullis.audit().enabled() ? portcullis.audit().topic() : null, portcullis.audit().eventSource(),
            instances, portcullis.servers())
        : Future.succeededFuture();
    Future<SessionRole> sessionRole = identity.compose(x -> sessionsConfig.enabled()
        ? SessionRole.start(vertx, portcullis, cache, instances) : Future.succeededFuture());
    Future<?> deployed = audited
        .compose(id -> identity)
        .compose(id -> sessionRole)
        .compose(id -> vertx.deployVerticle(() -> new RuleVerticle(services, pipeline), new DeploymentOptions()))
        .compose(id -> vertx.deployVerticle(() -> new ProxyVerticle(services, pipeline), perLoop))
        .compose(id -> vertx.deployVerticle(() -> new ApiVerticle(services, pipeline), perLoop))
        .compose(id -> vertx.deployVerticle(new MetricsVerticle(loaded.config().serve().prometheus(), metrics)));
    try {
      deployed.await();
    } catch (Exception e) {
      // Roles started before the failure hold threads and pools outside Vert.x: closed like a running node.
      new Node(vertx, services, pipeline, identity.succeeded() ? identity.result() : null,
          sessionRole.succeeded() ? sessionRole.result() : null).close();
      throw e;
    }
    var serve = loaded.config().serve();
    LOG.info("Portcullis {} serving: proxy :{}, api :{}, metrics :{}{}", io.portcullis.runtime.Version.get(),
        serve.proxy().port(), serve.api().port(), serve.prometheus().port(), serve.prometheus().metricsPath());
    return new Node(vertx, services, pipeline, identity.result(), sessionRole.result());
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeServices services() {
    return services;
  }

  @Override
  public void close() {
    if (sessions != null) {
      sessions.close().await();
    }
    if (identity != null) {
      identity.close().await();
    }
    vertx.close().await();
    pipeline.handlers().close();
  }
}
