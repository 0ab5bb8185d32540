package io.portcullis.identity;

import io.portcullis.config.IdentityConfig;
import io.portcullis.config.Sizes;
import io.portcullis.identity.api.Http;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.runtime.CorsPolicy;
import io.portcullis.runtime.HardenedServers;
import io.portcullis.runtime.ServerOptions;
import io.portcullis.runtime.Version;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** One event loop's share of the identity role: the public (4433) and admin (4434) HTTP servers. */
final class IdentityVerticle extends VerticleBase {
  private final IdentityRole.Routes routes;

  IdentityVerticle(IdentityRole.Routes routes) {
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    var limits = routes.limits();
    long maxBody = Sizes.parse("portcullis.servers.max_body_bytes", limits.maxBodyBytes());
    Router pub = Router.router(vertx);
    pub.route().handler(routes.publicAnswers().counting());
    pub.route().handler(routes.flowOutcomes().counting());
    // Past the limit BodyHandler answers 413 without reading the rest.
    pub.route().handler(BodyHandler.create(false).setBodyLimit(maxBody));
    // Errors of browser navigations go to the error page (Kratos' error flow); see Http.fail.
    pub.route().handler(ctx -> {
      ctx.put(io.portcullis.identity.api.BrowserErrors.KEY, routes.errors());
      ctx.next();
    });
    common(pub);
    routes.sessions().mountPublic(pub);
    routes.flows().forEach(flow -> flow.mount(pub));
    routes.pages().mount(pub);
    schemas(pub);
    pub.route().last().handler(ctx -> Http.json(ctx, 404, KratosError.notFound("Unable to locate the resource")
        .toJson()));

    Router admin = Router.router(vertx);
    admin.route().handler(routes.adminAnswers().counting());
    admin.route().handler(BodyHandler.create(false).setBodyLimit(maxBody));
    common(admin);
    admin.get("/admin/health/alive").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("status", "ok")));
    admin.get("/admin/health/ready").handler(this::ready);
    routes.identities().mount(admin);
    routes.sessions().mountAdmin(admin);
    routes.courier().mount(admin);
    routes.rateLimits().mount(admin);
    schemas(admin);
    routes.adminFlows().forEach(flow -> flow.mount(admin));
    admin.route().last().handler(ctx -> Http.json(ctx, 404, KratosError.notFound("Unable to locate the resource")
        .toJson()));

    var serve = routes.config().serve();
    return server(serve.publicApi(), "portcullis.identity.serve.public", pub).listen()
        .compose(x -> server(serve.admin(), "portcullis.identity.serve.admin", admin).listen());
  }

  private HttpServer server(IdentityConfig.Listener l, String name, Router router) {
    HttpServerOptions o = ServerOptions.hardened(l.tls(), routes.limits()).setPort(l.port());
    if (!l.host().isEmpty()) {
      o.setHost(l.host());
    }
    return HardenedServers.create(vertx, o, l.tls(), routes.limits(), name + ".tls", withCors(l, router));
  }

  /**
   * {@code serve.public.cors} / {@code serve.admin.cors} as Kratos applies them (rs/cors semantics): preflights are
   * answered before routing, other answers get the allow headers when the origin is allowed.
   */
  private static io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> withCors(
      io.portcullis.config.IdentityConfig.Listener listener, Router router) {
    CorsPolicy cors = new CorsPolicy(listener.cors());
    if (!cors.enabled()) {
      return router;
    }
    // Through the routing context, first of all: a response has one headers-end handler, which the context takes
    // over as soon as any handler (the metrics' status count) adds one of its own.
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      String origin = ctx.request().getHeader("Origin");
      if (origin != null) {
        ctx.addHeadersEndHandler(v -> cors.decorate(origin, ctx.response().headers()));
      }
      ctx.next();
    });
    return req -> {
      if (CorsPolicy.isPreflight(req)) {
        cors.answerPreflight(req);
        return;
      }
      router.handle(req);
    };
  }

  private void common(Router r) {
    r.get("/health/alive").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("status", "ok")));
    r.get("/health/ready").handler(this::ready);
    r.get("/version").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("version", Version.get())));
  }

  private void ready(io.vertx.ext.web.RoutingContext ctx) {
    routes.pool().query("SELECT 1").execute().onComplete(r -> {
      if (r.succeeded()) {
        Http.json(ctx, 200, new JsonObject().put("status", "ok"));
      } else {
        Http.json(ctx, 503, new JsonObject().put("errors", new JsonObject().put("database",
            "PostgreSQL is not reachable")));
      }
    });
  }

  /**
   * The identity schemas under both paths Kratos knows, on both ports. Kratos serves {@code /schemas} and
   * {@code /admin/schemas} on the public port and answers them on the admin port with a 307 to the public URL;
   * answering them here directly gives a client of either port the same body without needing the public URL to be
   * reachable from where admin clients run.
   */
  private void schemas(Router r) {
    for (String base : new String[] {"/schemas", "/admin/schemas"}) {
      r.get(base).handler(ctx -> Http.json(ctx, 200, routes.schemas().listJson()));
      r.get(base + "/:id").handler(ctx -> schema(ctx, ctx.pathParam("id")));
    }
  }

  private void schema(io.vertx.ext.web.RoutingContext ctx, String id) {
    var found = routes.schemas().schemaJson(id);
    if (found.isEmpty()) {
      // As Kratos: maybe the id is base64url; the error then names the decoded id.
      try {
        id = new String(java.util.Base64.getUrlDecoder().decode(id), java.nio.charset.StandardCharsets.UTF_8);
        found = routes.schemas().schemaJson(id);
      } catch (IllegalArgumentException ignored) {
        // not base64: the id as it is was not found either
      }
    }
    if (found.isEmpty()) {
      Http.json(ctx, 404, KratosError.notFound("Identity schema `" + id + "` could not be found.").toJson());
    } else {
      Http.json(ctx, 200, found.get());
    }
  }
}
