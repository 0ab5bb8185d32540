package io.portcullis.proxy;

import io.portcullis.config.Durations;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.node.NodeServices;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.RulesetSubscription;
import io.portcullis.proxy.impl.Forwarder;
import io.portcullis.runtime.CorsPolicy;
import io.portcullis.runtime.HardenedServers;
import io.portcullis.runtime.Hosts;
import io.portcullis.runtime.ServerOptions;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;

/**
 * The data path on {@code serve.proxy} (default 4455): every request, WebSocket upgrades included, is decided by the
 * matched rule's pipeline and, if granted, forwarded to the rule's upstream. One instance per event loop; each holds
 * the rule set in force in one field and swaps it whole when the rules role publishes a new version.
 */
public final class ProxyVerticle extends AbstractVerticle {
  private final NodeServices services;
  private final AccessPipeline pipeline;
  private final LongLivedConnections connections;
  private volatile CompiledRuleSet ruleset;
  private RulesetSubscription subscription;
  private HttpServer server;
  private HttpClient client;

  /** @param connections the node's long-lived connections, shared by every proxy instance */
  public ProxyVerticle(NodeServices services, AccessPipeline pipeline, LongLivedConnections connections) {
    this.services = services;
    this.pipeline = pipeline;
    this.connections = connections;
  }

  @Override
  public void start(Promise<Void> started) {
    PortcullisConfig config = services.config();
    PortcullisConfig.ProxyServe serve = config.serve().proxy();
    PortcullisConfig.ProxyTuning tuning = config.portcullis().proxy();
    client = vertx.createHttpClient(new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout((int) Durations.parse("portcullis.proxy.upstream_connect_timeout",
                tuning.upstreamConnectTimeout()).toMillis())
            .setDecompressionSupported(false),
        new PoolOptions().setHttp1MaxSize(tuning.upstreamMaxConnections()));
    long responseTimeout = Durations.parse("portcullis.proxy.upstream_response_timeout",
        tuning.upstreamResponseTimeout()).toMillis();
    CorsPolicy cors = new CorsPolicy(serve.cors());
    ProxyMetrics metrics = new ProxyMetrics(services.metrics(), config.serve().prometheus().metricNamePrefix(),
        "proxy");
    AuditTrail audit = new AuditTrail(vertx, services.audit(), services.tracing(), "proxy");
    FrontDoor door = new FrontDoor(new AccessGate(vertx, services, pipeline), () -> ruleset,
        serve.trustForwardedHeaders(), metrics, audit, cors,
        new GrantedRequests(new Forwarder(vertx, client, responseTimeout), serve.trustForwardedHeaders(), metrics,
            audit, cors, connections, context));
    PortcullisConfig.ServerLimits limits = config.portcullis().servers();
    server = HardenedServers.create(vertx, serve.timeout(), serve.tls(), limits, "serve.proxy", req -> {
      if (cors.enabled() && CorsPolicy.isPreflight(req)) {
        cors.answerPreflight(req);
      } else {
        door.handle(req);
      }
    });
    subscription = new RulesetSubscription(vertx, pipeline.compiler(),
        config.portcullis().rules().interval(), set -> ruleset = set);
    subscription.start()
        .compose(v -> server.listen(serve.port(), Hosts.bind(serve.host())))
        .<Void>mapEmpty()
        .onComplete(started);
  }

  @Override
  public void stop(Promise<Void> stopped) {
    Future<Void> unsubscribed = subscription == null ? Future.succeededFuture() : subscription.stop();
    unsubscribed.compose(v -> server == null ? Future.succeededFuture()
        : server.shutdown(ServerOptions.DRAIN_SECONDS, java.util.concurrent.TimeUnit.SECONDS))
        .compose(v -> client == null ? Future.succeededFuture() : client.close())
        .onComplete(stopped);
  }

  /** The port bound, for tests and the quickstart when port 0 was asked for. */
  public int actualPort() {
    return server.actualPort();
  }
}
