package io.portcullis.identity.flow.verification;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * A new verification flow in place of one that cannot go on (expired, already completed, a bad link or code), holding
 * the message why, and answered as Kratos answers each case: the link method redirects, the code method answers JSON
 * clients with 410 and the new flow's id ({@code use_flow_id}).
 */
final class VerificationRestart {
  private final FlowKit kit;
  private final MailedFlow mailed;

  VerificationRestart(FlowKit kit, MailedFlow mailed) {
    this.kit = kit;
    this.mailed = mailed;
  }

  /** The code method's retry: JSON clients get 410 {@code self_service_flow_replaced}, browsers the new form. */
  Future<Void> code(RoutingContext ctx, String type, UiText message, String reason) {
    return mailed.replace(ctx, type, VerificationForm.CODE, null, message).map(f -> {
      answerCode(ctx, f, new KratosError(410, "self_service_flow_replaced", "self-service flow replaced", reason)
          .toJson().put("use_flow_id", f.id().toString()));
      return null;
    });
  }

  /** A code that expired: JSON clients get 410 {@code self_service_flow_expired} with the new flow's id. */
  Future<Void> codeExpired(RoutingContext ctx, String type, Instant expiredAt) {
    return mailed.replace(ctx, type, VerificationForm.CODE, null,
        VerificationMessages.verificationFlowExpired(expiredAt, Flow.now())).map(f -> {
          answerCode(ctx, f, MailedFlow.expiredAnswer(MailedFlow.expiredError(expiredAt), expiredAt, f));
          return null;
        });
  }

  /** Kratos' verification error handler for a flow submitted after it expired: a new browser flow that says so. */
  Future<Void> expired(RoutingContext ctx, Flow old) {
    String method = old.data().getString(MailedFlow.ACTIVE, kit.settings().use(VerificationHandler.KIND));
    return mailed.replace(ctx, Flow.BROWSER, method, old.returnTo(), VerificationMessages.verificationFlowExpired(
        old.expiresAt(), Flow.now())).map(f -> {
          FlowAnswers.redirect(ctx, FlowAnswers.isJsonRequest(ctx) ? mailed.flowUrl(f) : mailed.formUrl(f));
          return null;
        });
  }

  private void answerCode(RoutingContext ctx, Flow f, JsonObject error) {
    if (FlowAnswers.isJsonRequest(ctx)) {
      Http.json(ctx, 410, error);
    } else {
      FlowAnswers.redirect(ctx, mailed.formUrl(f));
    }
  }
}
