package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowJson;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A new recovery flow in place of one that cannot go on (expired, already completed, a bad link, codes tried too
 * often), holding the message why, and answered as Kratos answers each case. With
 * {@code feature_flags.use_continue_with_transitions} the code method and the expiry answer JSON clients with a
 * {@code show_recovery_ui} item instead of a redirect to {@code GET /self-service/recovery/flows}.
 */
final class RecoveryRestart {
  private final FlowKit kit;
  private final MailedFlow mailed;

  RecoveryRestart(FlowKit kit, MailedFlow mailed) {
    this.kit = kit;
    this.mailed = mailed;
  }

  /**
   * The code method's retry (Kratos' {@code retryRecoveryFlow}).
   *
   * @param cause the error JSON clients get with the new flow when transitions are on; null: a 400 with the message
   */
  Future<Void> code(RoutingContext ctx, String type, UiText message, KratosError cause) {
    return mailed.replace(ctx, type, RecoveryForm.CODE, null, message).map(f -> {
      boolean json = FlowAnswers.isJsonRequest(ctx);
      if (json && kit.settings().useContinueWithTransitions()) {
        KratosError e = cause != null ? cause : KratosError.badRequest(message.text());
        Http.json(ctx, e.code(), withContinueWith(e, f).toJson());
      } else {
        FlowAnswers.redirect(ctx, json ? mailed.flowUrl(f) : mailed.formUrl(f));
      }
      return null;
    });
  }

  /** Kratos' recovery error handler for a flow submitted after it expired: a new flow that says so. */
  Future<Void> expired(RoutingContext ctx, Flow old) {
    String method = old.data().getString(MailedFlow.ACTIVE, RecoveryForm.LINK);
    // A link is opened in a browser, so an expired API flow of the link method continues as a browser flow.
    String type = old.browser() || RecoveryForm.LINK.equals(method) ? Flow.BROWSER : Flow.API;
    return mailed.replace(ctx, type, method, old.returnTo(), RecoveryMessages.recoveryFlowExpired(old.expiresAt(),
        Flow.now())).map(f -> {
          boolean json = FlowAnswers.isJsonRequest(ctx);
          if (kit.settings().useContinueWithTransitions() && !f.browser()) {
            Http.json(ctx, 410, MailedFlow.expiredAnswer(withContinueWith(MailedFlow.expiredError(old.expiresAt()),
                f), old.expiresAt(), f));
          } else {
            FlowAnswers.redirect(ctx, !f.browser() || json ? mailed.flowUrl(f) : mailed.formUrl(f));
          }
          return null;
        });
  }

  private static KratosError withContinueWith(KratosError e, Flow f) {
    JsonObject body = e.body();
    JsonObject details = body.getJsonObject("details", new JsonObject()).copy()
        .put("continue_with", new JsonArray().add(FlowJson.continueWithRecoveryUi(f.id())));
    return new KratosError(e.code(), e.id(), e.getMessage(), body.getString("reason"), details);
  }
}
