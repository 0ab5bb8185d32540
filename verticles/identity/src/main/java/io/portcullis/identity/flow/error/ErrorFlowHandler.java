package io.portcullis.identity.flow.error;

import io.portcullis.identity.api.BrowserErrors;
import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Kratos' error flow: an error of a browser navigation to a self-service endpoint is stored and the browser sent to
 * the error page ({@code flows.error.ui_url}, Portcullis' own by default) with its id; {@code GET
 * /self-service/errors?id=} gives it back in Kratos' shape. Clients that ask for JSON (or do not accept HTML, as API
 * clients) keep getting the JSON error directly.
 */
public final class ErrorFlowHandler implements BrowserErrors, FlowEndpoints {
  private final Pool pool;
  private final SelfService settings;

  public ErrorFlowHandler(Pool pool, SelfService settings) {
    this.pool = pool;
    this.settings = settings;
  }

  @Override
  public void mount(Router r) {
    r.get("/self-service/errors").handler(Http.async(ctx -> {
      UUID id = Http.uuid("id", ctx.request().getParam("id"));
      return get(id).map(found -> Http.ok(ctx, found.orElseThrow(() -> KratosError.notFound(
          "The error " + id + " could not be found."))));
    }));
  }

  /** The stored error of {@code id} (Kratos' {@code {id, error, created_at, updated_at}}), if any. */
  public Future<Optional<JsonObject>> find(String id) {
    try {
      return get(Http.uuid("id", id));
    } catch (KratosError e) {
      return Future.succeededFuture(Optional.empty());
    }
  }

  private Future<Optional<JsonObject>> get(UUID id) {
    return pool.preparedQuery("SELECT error, created_at, updated_at FROM selfservice_errors WHERE id = $1")
        .execute(Tuple.of(id)).map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          var row = rows.iterator().next();
          return Optional.of(new JsonObject().put("id", id.toString())
              .put("error", new JsonObject(row.getJsonObject("error").encode()))
              .put("created_at", KratosJson.time(row.getOffsetDateTime("created_at").toInstant()))
              .put("updated_at", KratosJson.time(row.getOffsetDateTime("updated_at").toInstant())));
        });
  }

  @Override
  public boolean forward(RoutingContext ctx, KratosError error) {
    // Errors are kept in the database: while it is unavailable (503) the error is answered as it is.
    if (error.code() == 503 || !isBrowserNavigation(ctx)) {
      return false;
    }
    UUID id = UUID.randomUUID();
    var now = Flow.now().atOffset(java.time.ZoneOffset.UTC);
    pool.preparedQuery("INSERT INTO selfservice_errors (id, error, created_at, updated_at) VALUES ($1, $2, $3, $3)")
        .execute(Tuple.of(id, error.body(), now))
        .onSuccess(x -> FlowAnswers.redirect(ctx, settings.uiUrl("error") + "?id=" + id))
        .onFailure(t -> Http.json(ctx, error.code(), error.toJson()));
    return true;
  }

  /** A browser loading a page of a self-service endpoint: it accepts HTML and did not ask for JSON. */
  static boolean isBrowserNavigation(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return ctx.request().path().startsWith("/self-service/") && !FlowAnswers.wantsJson(ctx) && accept != null
        && accept.toLowerCase(Locale.ROOT).contains("text/html");
  }
}
