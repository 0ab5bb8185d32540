package io.portcullis.identity.flow;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.attempts.TooManyAttempts;
import io.portcullis.identity.hook.FlowInterrupted;
import io.portcullis.identity.hook.HookContext;
import io.portcullis.identity.hook.HookRequest;
import io.portcullis.identity.hook.HookRunner;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.Optional;
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
  private final HookRunner hooks;

  FlowLifecycle(Pool pool, FlowStore store, SelfService settings, Csrf csrf, FlowAnswers answers, HookRunner hooks) {
    this.pool = pool;
    this.store = store;
    this.settings = settings;
    this.csrf = csrf;
    this.answers = answers;
    this.hooks = hooks;
  }

  /** What the hooks of flow {@code f} see of it and of the request; {@code flowJson} is the flow as its API shows it. */
  public HookContext hookContext(RoutingContext ctx, Flow f, JsonObject flowJson) {
    return new HookContext(f.kind(), f.type(), f.id(), flowJson, HookRequest.of(ctx.request()));
  }

  /**
   * A new flow of {@code kind}, not yet stored, expiring after the kind's lifespan; browser flows get a CSRF cookie
   * and a masked token for their form. No holder, empty data ({@link Flow#heldBy}, {@link Flow#withData}).
   */
  public Flow start(RoutingContext ctx, String kind, String type, String returnTo) {
    return start(ctx, kind, type, settings.publicBaseUrl() + ctx.request().uri(), returnTo);
  }

  /** As {@link #start(RoutingContext, String, String, String)}, for a flow another flow starts at its request URL. */
  public Flow start(RoutingContext ctx, String kind, String type, String requestUrl, String returnTo) {
    Instant now = Flow.now();
    String token = Flow.BROWSER.equals(type) ? csrf.formToken(ctx) : "";
    return new Flow(UUID.randomUUID(), kind, type, "choose_method", requestUrl, returnTo, token, null, null,
        new JsonObject(), new JsonObject(), now, now.plus(settings.lifespan(kind)), now, now);
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
  public Future<Optional<Flow>> find(UUID id, String kind) {
    return store.get(pool, id, kind);
  }

  /**
   * Runs the kind's before hooks, then stores a new flow with its form and answers its creation (JSON, or a redirect
   * to the form for browsers). When a hook interrupts, the flow is stored with the hook's messages on its form and
   * answered as a failed submission.
   */
  public Future<Void> open(RoutingContext ctx, Flow f, UiContainer ui, Function<Flow, JsonObject> json) {
    return before(ctx, f, ui, json).compose(interrupted -> {
      Flow stored = f.with(f.state(), ui.toJson(), f.updatedAt());
      return store.insert(pool, stored).map(x -> {
        if (interrupted) {
          answers.formError(ctx, stored, json.apply(stored));
        } else {
          answers.created(ctx, stored, json.apply(stored));
        }
        return null;
      });
    });
  }

  /** Stores a new flow with its form in {@code db} without answering (a flow another flow's step starts). */
  public Future<Flow> insert(SqlClient db, Flow f, UiContainer ui) {
    return store.insert(db, f.with(f.state(), ui.toJson(), f.updatedAt()));
  }

  /** Stores the replacement of an expired flow (its form says so, its before hooks ran) and answers as Kratos does. */
  public Future<Void> reopen(RoutingContext ctx, Flow expired, Flow replacement, UiContainer ui) {
    FlowOutcomes.failed(ctx, expired.kind());
    return before(ctx, replacement, ui, FlowJson::common).compose(interrupted -> {
      Flow stored = replacement.with(replacement.state(), ui.toJson(), replacement.updatedAt());
      return store.insert(pool, stored).map(x -> {
        answers.expired(ctx, expired, stored);
        return null;
      });
    });
  }

  /** Runs the before hooks of {@code f}; true when one interrupted, its messages then being on {@code ui}. */
  private Future<Boolean> before(RoutingContext ctx, Flow f, UiContainer ui, Function<Flow, JsonObject> json) {
    Flow shown = f.with(f.state(), ui.toJson(), f.updatedAt());
    return hooks.before(f.kind(), hookContext(ctx, shown, json.apply(shown))).map(false).recover(t -> {
      if (t instanceof FlowInterrupted interrupted) {
        interrupted.addTo(ui.resetMessages());
        return Future.succeededFuture(true);
      }
      return Future.failedFuture(t);
    });
  }

  /**
   * Answers a submission a hook interrupted: the form {@code ui} (reset by the caller, values filled in) gets the
   * hook's messages and is saved and answered as any failed submission.
   */
  public Future<Void> interrupted(RoutingContext ctx, Flow f, String state, UiContainer ui, FlowInterrupted by,
      Function<Flow, JsonObject> json) {
    return refuse(ctx, f, state, by.addTo(ui), json);
  }

  /** Saves a form with its messages (the password never echoed back) and answers the failed submission. */
  public Future<Void> refuse(RoutingContext ctx, Flow f, String state, UiContainer ui,
      Function<Flow, JsonObject> json) {
    ui.find("password").ifPresent(n -> n.input().value(null));
    Flow saved = f.with(state, ui.toJson(), Flow.now());
    FlowOutcomes.failed(ctx, f.kind());
    return save(saved).map(x -> {
      answers.formError(ctx, saved, json.apply(saved));
      return null;
    });
  }

  /**
   * Answers an attempt the rate limits refused ({@code portcullis.identity.rate_limits}; any other {@code failure}
   * fails on): 429 in Kratos' error shape with {@code Retry-After} for API clients and browsers that ask for JSON;
   * other browsers are sent back to the form, which shows the reason (the flow stays usable once the wait is over).
   */
  public Future<Void> limited(RoutingContext ctx, Flow f, UiContainer ui, Throwable failure,
      Function<Flow, JsonObject> json) {
    if (!(failure instanceof TooManyAttempts refused)) {
      return Future.failedFuture(failure);
    }
    refused.putRetryAfter(ctx.response());
    if (f.browser() && !FlowAnswers.wantsJson(ctx)) {
      ui.addMessage(Messages.validationGeneric(refused.reason()));
      return refuse(ctx, f, f.state(), ui, json);
    }
    Http.json(ctx, refused.code(), refused.toJson());
    return Future.succeededFuture();
  }

  public Future<Flow> save(Flow f) {
    return save(pool, f);
  }

  /** Saves state, form and data, in {@code db} (a transaction that also changes what the flow did). */
  public Future<Flow> save(SqlClient db, Flow f) {
    return store.update(db, f);
  }
}
