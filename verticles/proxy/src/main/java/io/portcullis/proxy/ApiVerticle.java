package io.portcullis.proxy;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.contracts.Addresses;
import io.portcullis.node.NodeServices;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.RuleJson;
import io.portcullis.pipeline.RulesetSubscription;
import io.portcullis.pipeline.errors.JsonError;
import io.portcullis.proxy.impl.ForwardedFor;
import io.portcullis.rules.AccessRule;
import io.portcullis.runtime.CorsPolicy;
import io.portcullis.runtime.HardenedServers;
import io.portcullis.runtime.Hosts;
import io.portcullis.runtime.ServerOptions;
import io.portcullis.runtime.Version;
import io.portcullis.spi.ErrorResponse;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * The API on {@code serve.api} (default 4456), as Oathkeeper's: {@code /decisions} for forward auth (nginx
 * {@code auth_request}, Traefik ForwardAuth, Caddy {@code forward_auth}, Envoy), {@code GET /rules},
 * {@code GET /rules/{id}}, {@code /health/alive}, {@code /health/ready}, {@code /version} and
 * {@code /.well-known/jwks.json}.
 */
public final class ApiVerticle extends AbstractVerticle {
  private static final String DECISIONS = "/decisions";
  /** Response header of {@code GET /rules}: the version (content hash) of the rule set listed. */
  public static final String RULESET_VERSION = "Portcullis-Ruleset-Version";

  private final NodeServices services;
  private final AccessPipeline pipeline;
  private volatile CompiledRuleSet ruleset;
  /** What the rules role last reported as wrong with the sources (empty: nothing). */
  private JsonArray ruleProblems = new JsonArray();
  private RulesetSubscription subscription;
  private HttpServer server;
  private AccessGate gate;
  private ProxyMetrics metrics;
  private CorsPolicy cors;
  private AuditTrail audit;

  public ApiVerticle(NodeServices services, AccessPipeline pipeline) {
    this.services = services;
    this.pipeline = pipeline;
  }

  @Override
  public void start(Promise<Void> started) {
    PortcullisConfig config = services.config();
    PortcullisConfig.ApiServe serve = config.serve().api();
    gate = new AccessGate(vertx, services, pipeline);
    metrics = new ProxyMetrics(services.metrics(), config.serve().prometheus().metricNamePrefix(), "decisions");
    cors = new CorsPolicy(serve.cors());
    audit = new AuditTrail(vertx, services.audit(), services.tracing(), "decisions");
    Router router = Router.router(vertx);
    router.route(DECISIONS).handler(this::decide);
    router.route(DECISIONS + "/*").handler(this::decide);
    router.get("/rules").handler(this::listRules);
    router.get("/rules/:id").handler(this::getRule);
    router.get("/health/alive").handler(ctx -> json(ctx.response(), 200, new JsonObject().put("status", "ok")));
    router.get("/health/ready").handler(this::ready);
    router.get("/.well-known/jwks.json").handler(this::publicKeys);
    router.get("/version").handler(ctx -> json(ctx.response(), 200, new JsonObject().put("version", Version.get())));
    router.route().last().handler(ctx -> write(ctx.response(), JsonError.response(404, null, false)));
    PortcullisConfig.ServerLimits limits = config.portcullis().servers();
    server = HardenedServers.create(vertx, serve.timeout(), serve.tls(), limits, "serve.api", req -> {
      if (cors.enabled() && CorsPolicy.isPreflight(req)) {
        cors.answerPreflight(req);
      } else {
        router.handle(req);
      }
    });
    subscription = new RulesetSubscription(vertx, pipeline.compiler(),
        config.portcullis().rules().interval(), set -> ruleset = set);
    vertx.eventBus().<JsonObject>consumer(Addresses.RULESET_REJECTED, msg -> {
      String problems = msg.body().getString("problems", "");
      ruleProblems = problems.isEmpty() ? new JsonArray() : new JsonArray(List.of(problems.split("\n")));
    });
    subscription.start()
        .compose(v -> server.listen(serve.port(), Hosts.bind(serve.host())))
        .<Void>mapEmpty()
        .onComplete(started);
  }

  /**
   * Forward auth: the method, scheme, host and URI come from {@code X-Forwarded-Method/Proto/Host/Uri} (the API port
   * must only be reachable by the ingress that sets them), else from the request itself, its path minus
   * {@code /decisions}. Granted: 200 with the mutators' headers. Refused: the error handler's answer.
   */
  private void decide(RoutingContext ctx) {
    long start = System.nanoTime();
    HttpServerRequest req = ctx.request();
    String method = firstNonBlank(req.getHeader("X-Forwarded-Method"), req.method().name());
    String scheme = firstNonBlank(req.getHeader("X-Forwarded-Proto"), req.isSSL() ? "https" : "http");
    String host = firstNonBlank(req.getHeader("X-Forwarded-Host"),
        req.authority() == null ? "" : req.authority().toString());
    String uri = req.getHeader("X-Forwarded-Uri");
    if (uri == null || uri.isBlank()) {
      uri = req.uri().substring(DECISIONS.length());
      if (uri.isEmpty() || uri.startsWith("?")) {
        uri = "/" + uri;
      }
    }
    String peer = req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
    // The ingress calling names the client as it names the URL; rate limits by client address count that one.
    String client = ForwardedFor.clientOf(req.getHeader("X-Forwarded-For"), peer);
    String origin = req.getHeader("Origin");
    String target = uri;
    gate.decide(ruleset, method.toUpperCase(), scheme.toLowerCase(), host, uri, req.headers(), peer, client,
        verdict -> {
      HttpServerResponse response = ctx.response();
      if (verdict instanceof Verdict.Granted granted) {
        for (Map.Entry<String, String> h : granted.session().headers().entrySet()) {
          if (!h.getKey().equalsIgnoreCase("Content-Length")) {
            response.putHeader(h.getKey(), h.getValue());
          }
        }
        metrics.record(granted.rule().id(), Decision.GRANTED, 200, start);
        audit.granted(granted.rule(), method.toUpperCase(), granted.request().url(), granted.session().subject(), 200,
            start, peer, req.headers());
        decorate(origin, response.headers());
        response.setStatusCode(200).end();
      } else {
        Verdict.Refused refused = (Verdict.Refused) verdict;
        metrics.record(refused.ruleId(), refused.decision(), refused.response().status(), start);
        audit.refused(refused, method.toUpperCase(), host, target, start, peer, req.headers());
        decorate(origin, response.headers());
        write(response, refused.response());
      }
    });
  }

  private void decorate(String origin, MultiMap headers) {
    if (cors.enabled()) {
      cors.decorate(origin, headers);
    }
  }

  private void listRules(RoutingContext ctx) {
    CompiledRuleSet set = ruleset;
    List<AccessRule> rules = set == null ? List.of() : set.index().rules();
    int offset = intParam(ctx, "offset", 0);
    int limit = intParam(ctx, "limit", Integer.MAX_VALUE);
    if (offset < 0 || limit < 0) {
      write(ctx.response(), JsonError.response(400, "limit and offset must be non-negative integers", true));
      return;
    }
    JsonArray out = new JsonArray();
    rules.stream().skip(offset).limit(limit).forEach(r -> out.add(RuleJson.toJson(r)));
    // The body stays Oathkeeper's plain array; the version in force travels beside it.
    if (set != null) {
      ctx.response().putHeader(RULESET_VERSION, set.version());
    }
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(out.toBuffer());
  }

  private void getRule(RoutingContext ctx) {
    CompiledRuleSet set = ruleset;
    String id = ctx.pathParam("id");
    if (set == null || set.index().rule(id).isEmpty()) {
      JsonObject body = new JsonObject().put("error", new JsonObject().put("code", 404).put("status", "Not Found")
          .put("message", "Unable to find rule with id \"" + id + "\""));
      json(ctx.response(), 404, body);
      return;
    }
    json(ctx.response(), 200, RuleJson.toJson(set.index().rule(id).get()));
  }

  /** Oathkeeper's credentials endpoint: the public keys of the {@code id_token} mutators, to verify their tokens. */
  private void publicKeys(RoutingContext ctx) {
    JsonArray keys = new JsonArray();
    pipeline.publicKeys().forEach(k -> keys.add(new JsonObject(k)));
    json(ctx.response(), 200, new JsonObject().put("keys", keys));
  }

  private void ready(RoutingContext ctx) {
    CompiledRuleSet set = ruleset;
    if (set == null) {
      json(ctx.response(), 503, new JsonObject().put("errors",
          new JsonObject().put("rules", "no rule set has been loaded yet")));
    } else {
      JsonObject rules = new JsonObject().put("version", set.version()).put("count", set.index().size());
      if (!ruleProblems.isEmpty()) {
        // Still ready: the last good set serves. The problems say where and why the sources' latest is not in force.
        rules.put("problems", ruleProblems);
      }
      JsonObject body = new JsonObject().put("status", "ok").put("rules", rules);
      var cache = services.sessions();
      if (cache.enabled()) {
        // Still ready when the cache is bypassed: every session is then checked at its source, slower but correct.
        body.put("sessions", cache.trusted() ? new JsonObject().put("cache", "trusted")
            : new JsonObject().put("cache", "bypassed").put("reason", cache.untrustedReason()));
      }
      json(ctx.response(), 200, body);
    }
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.toBuffer());
  }

  private static void write(HttpServerResponse response, ErrorResponse error) {
    error.headers().forEach(response::putHeader);
    response.setStatusCode(error.status()).putHeader("Content-Type", error.contentType())
        .putHeader("Cache-Control", "no-store").end(Buffer.buffer(error.body()));
  }

  @Override
  public void stop(Promise<Void> stopped) {
    Future<Void> unsubscribed = subscription == null ? Future.succeededFuture() : subscription.stop();
    unsubscribed.compose(v -> server == null ? Future.succeededFuture()
        : server.shutdown(ServerOptions.DRAIN_SECONDS, java.util.concurrent.TimeUnit.SECONDS)).onComplete(stopped);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
