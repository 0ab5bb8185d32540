package io.portcullis.identity.flow.onetime;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.schema.TraitsValidator;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

/**
 * What recovery and verification (the flows that mail a link or a code) answer alike: a switched-off method, a bad
 * address, a submission no method takes, and where their forms and flows are.
 */
public final class MailedFlow {
  private final FlowKit kit;
  private final String kind;
  private final Function<Flow, JsonObject> json;

  /** @param json the flow's JSON */
  public MailedFlow(FlowKit kit, String kind, Function<Flow, JsonObject> json) {
    this.kit = kit;
    this.kind = kind;
    this.json = json;
  }

  /** Kratos: a method that is switched off answers 404 to whoever still submits to it. */
  public void requireMethod(String method) {
    if (!kit.settings().methodEnabled(method)) {
      throw new KratosError(404, null, "The requested resource could not be found", "This endpoint was disabled by "
          + "system administrator. Please check your url or contact the system administrator to enable it.");
    }
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
    return kit.lifecycle().refuse(ctx, f, f.state(), ui, json);
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
        .put("since", Duration.between(expiredAt, Flow.now()).toNanos()).put("use_flow_id", replacement.id().toString());
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
