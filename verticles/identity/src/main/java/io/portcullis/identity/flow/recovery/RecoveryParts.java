package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.vertx.ext.web.RoutingContext;

/**
 * What the recovery steps share: forms, answers, new flows in place of old ones, mail, the one-time secrets and the
 * completion.
 */
record RecoveryParts(FlowKit kit, RecoveryForm form, MailedFlow mailed, RecoveryRestart restart, RecoveryMail mail,
    OneTimeStore secrets, RecoveryCompletion completion) {

  /** The form of {@code method} with the address typed and what is wrong with it; null when nothing is. */
  UiContainer emailProblem(Flow f, String method, OneTimeSubmission in) {
    UiText problem = MailedFlow.emailProblem(in);
    if (problem == null) {
      return null;
    }
    UiContainer ui = form.chooseMethod(f, method, in.email());
    ui.addMessage(problem, "email");
    return ui;
  }

  /** After a step that went well: browsers see the form again, everyone else gets the flow (200). */
  void answerUpdated(RoutingContext ctx, Flow f) {
    if (f.browser() && !FlowAnswers.isJsonRequest(ctx)) {
      FlowAnswers.redirect(ctx, mailed.formUrl(f));
    } else {
      Http.json(ctx, 200, MailedFlow.json(f));
    }
  }
}
