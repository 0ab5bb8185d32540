package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowJson;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A new recovery flow in place of one that cannot go on (expired, already completed, a bad link, codes tried too
 * often), holding the message why, and answered as Kratos answers each case. With
 * {@code feature_flags.use_continue_with_transitions} the code method and the expiry answer JSON clients with a
 * {@code show_recovery_ui} item instead of a redirect to {@code GET /self-service/recovery/flows}.
 */
final class RecoveryRestart {
  private final FlowKit kit;
  private final RecoveryForm form;

  RecoveryRestart(FlowKit kit, RecoveryForm form) {
    this.kit = kit;
    this.form = form;
  }

  /** The link method's retry: 303 to the form (browser flows) or to the new flow's JSON (API flows). */
  Future<Void> link(RoutingContext ctx, String type, UiText message) {
    return replace(ctx, type, RecoveryForm.LINK, null, message).map(f -> {
      FlowAnswers.redirect(ctx, f.browser() ? formUrl(f) : flowUrl(f));
      return null;
    });
  }

  /**
   * The code method's retry (Kratos' {@code retryRecoveryFlow}).
   *
   * @param cause the error JSON clients get with the new flow when transitions are on; null: a 400 with the message
   */
  Future<Void> code(RoutingContext ctx, String type, UiText message, KratosError cause) {
    return replace(ctx, type, RecoveryForm.CODE, null, message).map(f -> {
      boolean json = FlowAnswers.isJsonRequest(ctx);
      if (json && kit.settings().useContinueWithTransitions()) {
        KratosError e = cause != null ? cause : KratosError.badRequest(message.text());
        Http.json(ctx, e.code(), withContinueWith(e, f).toJson());
      } else {
        FlowAnswers.redirect(ctx, json ? flowUrl(f) : formUrl(f));
      }
      return null;
    });
  }

  /** Kratos' recovery error handler for a flow submitted after it expired: a new flow that says so. */
  Future<Void> expired(RoutingContext ctx, Flow old) {
    String method = old.data().getString(RecoveryHandler.ACTIVE, RecoveryForm.LINK);
    // A link is opened in a browser, so an expired API flow of the link method continues as a browser flow.
    String type = old.browser() || RecoveryForm.LINK.equals(method) ? Flow.BROWSER : Flow.API;
    return replace(ctx, type, method, old.returnTo(), RecoveryMessages.recoveryFlowExpired(old.expiresAt(),
        Flow.now())).map(f -> {
          boolean json = FlowAnswers.isJsonRequest(ctx);
          if (kit.settings().useContinueWithTransitions() && !f.browser()) {
            Duration ago = Duration.between(old.expiresAt(), Flow.now());
            Http.json(ctx, 410, withContinueWith(expiredError(old.expiresAt()), f).toJson()
                .put("expired_at", old.expiresAt().toString()).put("since", ago.toNanos())
                .put("use_flow_id", f.id().toString()));
          } else {
            FlowAnswers.redirect(ctx, !f.browser() || json ? flowUrl(f) : formUrl(f));
          }
          return null;
        });
  }

  /** Kratos' {@code NewFlowExpiredError}: 410 {@code self_service_flow_expired}, how long ago in the reason. */
  static KratosError expiredError(Instant expiredAt) {
    Duration ago = Duration.between(expiredAt, Flow.now());
    return new KratosError(410, "self_service_flow_expired", "self-service flow expired", String.format(Locale.ROOT,
        "The self-service flow expired %.2f minutes ago, initialize a new one.", ago.toMillis() / 60000.0));
  }

  /** A new flow of {@code type} and {@code method} showing {@code message}, stored. */
  private Future<Flow> replace(RoutingContext ctx, String type, String method, String returnTo, UiText message) {
    Flow f = kit.lifecycle().start(ctx, RecoveryHandler.KIND, type, returnTo)
        .withData(new JsonObject().put(RecoveryHandler.ACTIVE, method));
    UiContainer ui = form.chooseMethod(f, method, null);
    ui.addMessage(message);
    return kit.lifecycle().insert(kit.pool(), f, ui);
  }

  private static KratosError withContinueWith(KratosError e, Flow f) {
    JsonObject body = e.body();
    JsonObject details = body.getJsonObject("details", new JsonObject()).copy()
        .put("continue_with", new JsonArray().add(FlowJson.continueWithRecoveryUi(f.id())));
    return new KratosError(e.code(), e.id(), e.getMessage(), body.getString("reason"), details);
  }

  private String formUrl(Flow f) {
    return kit.settings().uiUrl(RecoveryHandler.KIND) + "?flow=" + f.id();
  }

  private String flowUrl(Flow f) {
    return kit.settings().publicBaseUrl() + "/self-service/recovery/flows?id=" + f.id();
  }
}
