package io.portcullis.identity.flow.verification;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * What the verification steps share: forms, answers, new flows in place of old ones, mail, the one-time secrets and
 * the completion.
 */
record VerificationParts(FlowKit kit, VerificationForm form, MailedFlow mailed, VerificationRestart restart,
    VerificationMail mail, OneTimeStore secrets, VerificationCompletion completion) {

  /** A bad address on the e-mail form of {@code method}: the form again, saying what is wrong; null when it is fine. */
  Future<Void> refuseEmail(RoutingContext ctx, Flow f, String method, OneTimeSubmission in) {
    UiText problem = MailedFlow.emailProblem(in);
    if (problem == null) {
      return null;
    }
    UiContainer ui = form.chooseMethod(f, method, in.email());
    ui.addMessage(problem, "email");
    return mailed.refuse(ctx, f, ui);
  }

  /** After a step that kept the flow: browser navigations see the form, everyone else gets the flow (200). */
  Void answerUpdated(RoutingContext ctx, Flow f) {
    if (FlowAnswers.isBrowserRequest(ctx)) {
      FlowAnswers.redirect(ctx, mailed.formUrl(f));
    } else {
      Http.json(ctx, 200, MailedFlow.json(f));
    }
    return null;
  }
}
