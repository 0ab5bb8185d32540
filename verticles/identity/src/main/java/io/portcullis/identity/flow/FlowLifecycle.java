package io.portcullis.identity.flow;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * A flow from start to end: started with its expiry, stored with its form, loaded by id, saved after each
 * submission, and replaced when submitted too late. Each step that ends a request answers it ({@link FlowAnswers}).
 */
public final class FlowLifecycle {
  private final Pool pool;
  private final FlowStore store;
  private final SelfService settings;
  private final Csrf csrf;
  private final FlowAnswers answers;

  FlowLifecycle(Pool pool, FlowStore store, SelfService settings, Csrf csrf, FlowAnswers answers) {
    this.pool = pool;
    this.store = store;
    this.settings = settings;
    this.csrf = csrf;
    this.answers = answers;
  }

  /**
   * A new flow of {@code kind}, not yet stored, expiring after the kind's lifespan; browser flows get a CSRF cookie
   * and a masked token for their form. No holder, empty data ({@link Flow#heldBy}, {@link Flow#withData}).
   */
  public Flow start(RoutingContext ctx, String kind, String type, String returnTo) {
    Instant now = Flow.now();
    String token = Flow.BROWSER.equals(type) ? csrf.formToken(ctx) : "";
    return new Flow(UUID.randomUUID(), kind, type, "choose_method", settings.publicBaseUrl() + ctx.request().uri(),
        returnTo, token, null, null, new JsonObject(), new JsonObject(), now, now.plus(settings.lifespan(kind)), now,
        now);
  }

  /** The flow that replaces {@code expired} when it is submitted too late: same kind, type, return URL and data. */
  public Flow replacement(RoutingContext ctx, Flow expired) {
    return start(ctx, expired.kind(), expired.type(), expired.returnTo()).withData(expired.data());
  }

  /** The flow named by {@code ?id=} or {@code ?flow=}; 404 when there is none of that kind. */
  public Future<Flow> load(RoutingContext ctx, String kind) {
    String raw = ctx.request().getParam("flow");
    if (raw == null) {
      raw = ctx.request().getParam("id");
    }
    UUID id = Http.uuid("flow", raw);
    return store.get(pool, id, kind).map(f -> f.orElseThrow(() -> KratosError.notFound("The " + kind
        + " flow " + id + " could not be found.")));
  }

  /** The flow {@code id} if it is one of {@code kind} (a provider's callback names its flow in the state). */
  public Future<java.util.Optional<Flow>> find(UUID id, String kind) {
    return store.get(pool, id, kind);
  }

  /** Stores a new flow with its form without answering (one the server starts on its own, as Kratos does). */
  public Future<Flow> create(Flow f, UiContainer ui) {
    return store.insert(pool, f.with(f.state(), ui.toJson(), f.updatedAt()));
  }

  /** Stores a new flow with its form and answers its creation (JSON, or a redirect to the form for browsers). */
  public Future<Void> open(RoutingContext ctx, Flow f, UiContainer ui, Function<Flow, JsonObject> json) {
    Flow stored = f.with(f.state(), ui.toJson(), f.updatedAt());
    return store.insert(pool, stored).map(x -> {
      answers.created(ctx, stored, json.apply(stored));
      return null;
    });
  }

  /** Stores the replacement of an expired flow (its form says so) and answers as Kratos does. */
  public Future<Void> reopen(RoutingContext ctx, Flow expired, Flow replacement, UiContainer ui) {
    Flow stored = replacement.with(replacement.state(), ui.toJson(), replacement.updatedAt());
    return store.insert(pool, stored).map(x -> {
      answers.expired(ctx, expired, stored);
      return null;
    });
  }

  /** Saves a form with its messages (the password never echoed back) and answers the failed submission. */
  public Future<Void> refuse(RoutingContext ctx, Flow f, String state, UiContainer ui,
      Function<Flow, JsonObject> json) {
    ui.find("password").ifPresent(n -> n.input().value(null));
    Flow saved = f.with(state, ui.toJson(), Flow.now());
    return save(saved).map(x -> {
      answers.formError(ctx, saved, json.apply(saved));
      return null;
    });
  }

  public Future<Flow> save(Flow f) {
    return save(pool, f);
  }

  /** Saves state, form and data, in {@code db} (a transaction that also changes what the flow did). */
  public Future<Flow> save(SqlClient db, Flow f) {
    return store.update(db, f);
  }
}
