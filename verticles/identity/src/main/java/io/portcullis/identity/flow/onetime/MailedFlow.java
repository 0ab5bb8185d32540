package io.portcullis.identity.flow.onetime;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowJson;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.schema.TraitsValidator;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What recovery and verification (the flows that mail a link or a code) share: their JSON, loading a submitted flow,
 * a switched-off method, a bad address, a submission no method takes, replacing a flow that cannot go on, and where
 * their forms and flows are.
 */
public final class MailedFlow {
  /** Flow data: the method ({@code link} or {@code code}) the flow uses, Kratos' {@code active}. */
  public static final String ACTIVE = "active";
  private final FlowKit kit;
  private final String kind;
  private final BiFunction<Flow, String, UiContainer> emptyForm;

  /** @param emptyForm the form a new flow of a method shows (the flow, {@code link} or {@code code}) */
  public MailedFlow(FlowKit kit, String kind, BiFunction<Flow, String, UiContainer> emptyForm) {
    this.kit = kit;
    this.kind = kind;
    this.emptyForm = emptyForm;
  }

  /** The flow's JSON: the common fields and Kratos' {@code active} method. */
  public static JsonObject json(Flow f) {
    return FlowJson.common(f).put(ACTIVE, f.data().getString(ACTIVE));
  }

  /**
   * Mounts {@code /self-service/<kind>/browser}, {@code /api}, {@code /flows} and the submission (GET too, for the
   * mailed links).
   */
  public void mount(Router r, BiFunction<RoutingContext, String, Future<?>> create,
      Function<RoutingContext, Future<?>> submit) {
    String base = "/self-service/" + kind;
    r.get(base + "/browser").handler(Http.async(ctx -> create.apply(ctx, Flow.BROWSER)));
    r.get(base + "/api").handler(Http.async(ctx -> create.apply(ctx, Flow.API)));
    r.get(base + "/flows").handler(FlowAnswers.getFlow(this::fetch));
    r.get(base).handler(Http.async(submit));
    r.post(base).handler(Http.async(submit));
  }

  /** {@code selfservice.flows.<kind>.enabled}: a 400 in Kratos' words when it is off. */
  public void requireEnabled() {
    if (!kit.settings().flowEnabled(kind)) {
      throw KratosError.badRequest(Character.toUpperCase(kind.charAt(0)) + kind.substring(1)
          + " is not allowed because it was disabled.");
    }
  }

  /** The flow of {@code ?id=} as {@code GET /self-service/<kind>/flows} answers it; the pages render it. */
  public Future<JsonObject> fetch(RoutingContext ctx) {
    requireEnabled();
    return kit.lifecycle().load(ctx, kind).map(f -> {
      kit.access().checkLive(ctx, f);
      return json(f);
    });
  }

  /** The flow a submission names; 404 in Kratos' words when there is none. */
  public Future<Flow> loadSubmitted(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, kind).recover(t -> Future.failedFuture(t instanceof KratosError e
        && e.code() == 404 ? KratosError.notFound("The " + kind + " request could not be found. Please restart the "
        + "flow.") : t));
  }

  /** A new flow of {@code type} and {@code method} (empty form) showing {@code message}, stored. */
  public Future<Flow> replace(RoutingContext ctx, String type, String method, String returnTo, UiText message) {
    Flow f = kit.lifecycle().start(ctx, kind, type, returnTo).withData(new JsonObject().put(ACTIVE, method));
    UiContainer ui = emptyForm.apply(f, method);
    ui.addMessage(message);
    return kit.lifecycle().insert(kit.pool(), f, ui);
  }

  /**
   * The link method's retry (recovery and verification alike): a new flow showing {@code message}; 303 to its form
   * (browser flows) or to its JSON (API flows).
   */
  public Future<Void> linkRetry(RoutingContext ctx, String type, UiText message) {
    return replace(ctx, type, "link", null, message).map(f -> {
      FlowAnswers.redirect(ctx, f.browser() ? formUrl(f) : flowUrl(f));
      return null;
    });
  }

  /** Kratos: a method that is switched off answers 404 to whoever still submits to it. */
  public void requireMethod(String method) {
    if (!kit.settings().methodEnabled(method)) {
      throw new KratosError(404, null, "The requested resource could not be found", "This endpoint was disabled by "
          + "system administrator. Please check your url or contact the system administrator to enable it.");
    }
  }

  /**
   * Counts submission {@code in} against the rate limits (the client's address, and the e-mail address when one is
   * submitted: every submission mails a letter or tries a code), then runs {@code work}; a refused submission mails
   * nothing and tries nothing, and is answered as {@link io.portcullis.identity.flow.FlowLifecycle#limited}.
   */
  public Future<Void> counted(RoutingContext ctx, Flow f, OneTimeSubmission in, Supplier<Future<Void>> work) {
    ClientInfo client = ClientInfo.of(ctx.request());
    return kit.attempts().attempt(kind, in.address(), client).compose(x -> kit.attempts().addressFailed(kind, client))
        .compose(x -> work.get(), refused -> kit.lifecycle().limited(ctx, f, UiContainer.fromJson(f.ui())
            .resetMessages(), refused, MailedFlow::json));
  }

  /** What is wrong with the address submitted (missing, or not an e-mail address); null when nothing. */
  public static UiText emailProblem(OneTimeSubmission in) {
    if (in.email() == null) {
      return Messages.required("email");
    }
    return TraitsValidator.isEmail(in.email()) ? null
        : Messages.validationGeneric("\"" + in.email() + "\" is not valid \"email\"");
  }

  /** Saves the form with its messages and answers 400 (or sends the browser back to the form). */
  public Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui) {
    return kit.lifecycle().refuse(ctx, f, f.state(), ui, MailedFlow::json);
  }

  /** No method took the submission: {@code message} (Kratos' 4010005 / 4010006) on the form. */
  public Future<Void> noStrategy(RoutingContext ctx, Flow f, UiText message) {
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    ui.addMessage(message);
    return refuse(ctx, f, ui);
  }

  /** Kratos' {@code NewFlowExpiredError}: 410 {@code self_service_flow_expired}, how long ago in the reason. */
  public static KratosError expiredError(Instant expiredAt) {
    Duration ago = Duration.between(expiredAt, Flow.now());
    return new KratosError(410, "self_service_flow_expired", "self-service flow expired", String.format(Locale.ROOT,
        "The self-service flow expired %.2f minutes ago, initialize a new one.", ago.toMillis() / 60000.0));
  }

  /** The JSON answer of {@code error} (an expiry) with when, how long ago, and the flow that replaces it. */
  public static JsonObject expiredAnswer(KratosError error, Instant expiredAt, Flow replacement) {
    return error.toJson().put("expired_at", expiredAt.toString())
        .put("since", Duration.between(expiredAt, Flow.now()).toNanos())
        .put("use_flow_id", replacement.id().toString());
  }

  /** The page that shows flow {@code f}. */
  public String formUrl(Flow f) {
    return kit.settings().uiUrl(kind) + "?flow=" + f.id();
  }

  /** Where the flow's JSON is ({@code GET /self-service/<kind>/flows?id=}). */
  public String flowUrl(Flow f) {
    return kit.settings().publicBaseUrl() + "/self-service/" + kind + "/flows?id=" + f.id();
  }
}
