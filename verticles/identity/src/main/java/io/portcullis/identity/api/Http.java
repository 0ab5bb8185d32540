package io.portcullis.identity.api;

import io.portcullis.identitysessions.PresentedToken;
import io.portcullis.identitysessions.db.DatabaseUnavailable;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small helpers every route shares: JSON answers, Kratos errors, parameters. */
public final class Http {
  private static final Logger LOG = LoggerFactory.getLogger(Http.class);

  private Http() {
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    HttpServerResponse r = ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate");
    r.end(body instanceof JsonObject o ? o.toBuffer() : body instanceof JsonArray a ? a.toBuffer()
        : io.vertx.core.buffer.Buffer.buffer(io.vertx.core.json.Json.encode(body)));
  }

  /** Answers 200 with {@code body} as JSON; returns null so that {@code .map(x -> Http.ok(ctx, ...))} ends a chain. */
  public static Void ok(RoutingContext ctx, Object body) {
    json(ctx, 200, body);
    return null;
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  /** Answers {@code f}'s failure: Kratos errors as they are, anything else as a 500 whose detail stays in the log. */
  public static void fail(RoutingContext ctx, Throwable t) {
    if (ctx.response().ended()) {
      return;
    }
    KratosError e = t instanceof KratosError k ? k : null;
    if (e == null && DatabaseUnavailable.is(t)) {
      // One line, not a stack per request: an outage fails every request alike.
      LOG.warn("identity request {} {}: the database is unavailable ({})", ctx.request().method(),
          ctx.request().path(), t.getMessage());
      e = KratosError.unavailable("The identity database cannot be reached; try again shortly.");
    } else if (e == null) {
      LOG.error("identity request {} {} failed", ctx.request().method(), ctx.request().path(), t);
      e = KratosError.internal("The request could not be completed; the server log has the cause.");
    }
    BrowserErrors browser = ctx.get(BrowserErrors.KEY);
    // The error flow keeps its errors in the database, so an outage is answered here, not redirected to it.
    if (browser != null && e.code() != 503 && browser.forward(ctx, e)) {
      return;
    }
    json(ctx, e.code(), e.toJson());
  }

  /** Runs an async handler and answers its failure. */
  public static io.vertx.core.Handler<RoutingContext> async(Function<RoutingContext, Future<?>> handler) {
    return ctx -> {
      Future<?> f;
      try {
        f = handler.apply(ctx);
      } catch (RuntimeException e) {
        fail(ctx, e);
        return;
      }
      f.onFailure(t -> fail(ctx, t));
    };
  }

  public static UUID uuidParam(RoutingContext ctx, String name) {
    String v = ctx.pathParam(name);
    if (v == null) {
      v = ctx.request().getParam(name);
    }
    return uuid(name, v);
  }

  public static UUID uuid(String name, String v) {
    if (v == null || v.isEmpty()) {
      throw KratosError.badRequest("The parameter \"" + name + "\" is required and must be a UUID.");
    }
    try {
      UUID u = UUID.fromString(v);
      if (!u.toString().equalsIgnoreCase(v)) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw KratosError.badRequest("The parameter \"" + name + "\" is \"" + v + "\", expected a UUID.");
    }
  }

  /** The JSON object body, or a 400 naming what is wrong. */
  public static JsonObject body(RoutingContext ctx) {
    try {
      Object v = ctx.body().asJsonObject();
      if (v == null) {
        throw KratosError.badRequest("The request body must be a JSON object.");
      }
      return (JsonObject) v;
    } catch (DecodeException | ClassCastException e) {
      throw KratosError.badRequest("The request body is not a valid JSON object: " + e.getMessage());
    }
  }

  /** The session token the request presents (see {@link PresentedToken#of}). */
  public static String sessionToken(RoutingContext ctx, String cookieName) {
    return PresentedToken.of(ctx.request()::getHeader, () -> {
      var c = ctx.request().getCookie(cookieName);
      return c == null ? null : c.getValue();
    });
  }
}
