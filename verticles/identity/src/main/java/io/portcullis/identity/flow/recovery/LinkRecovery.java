package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.UiContainer;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Recovery by link (Kratos' link strategy): the e-mail form mails a link holding a single-use token, valid for
 * {@code selfservice.methods.link.config.lifespan}; following it in a browser completes the recovery. A bad or used
 * link, or one followed too late, starts a new flow that says so.
 */
final class LinkRecovery {
  private final RecoveryParts p;

  LinkRecovery(RecoveryParts parts) {
    this.p = parts;
  }

  /** The e-mail form: mails a link (or, for an unknown address, what Kratos mails) and says a link was sent. */
  Future<Void> submit(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    if (f.state().equals("passed_challenge")) {
      return p.mailed().linkRetry(ctx, f.type(), RecoveryMessages.recoveryRetrySuccess());
    }
    if (!f.state().equals("choose_method") && !f.state().equals("sent_email")) {
      return p.mailed().linkRetry(ctx, f.type(), RecoveryMessages.recoveryStateFailure());
    }
    UiContainer problem = p.emailProblem(f, RecoveryForm.LINK, in);
    if (problem != null) {
      return p.mailed().refuse(ctx, f, problem);
    }
    p.kit().access().checkSubmission(ctx, f, in.csrfToken());
    UiContainer ui = p.form().chooseMethod(f, RecoveryForm.LINK, in.email());
    ui.addMessage(RecoveryMessages.recoveryEmailSent());
    Flow sent = f.with("sent_email", ui.toJson(), Flow.now())
        .withData(f.data().copy().put(MailedFlow.ACTIVE, RecoveryForm.LINK));
    return p.kit().pool().withTransaction(tx -> p.mail().send(tx, sent, in, OneTimeKind.RECOVERY_LINK)
            .compose(x -> p.kit().lifecycle().save(tx, sent)))
        .map(saved -> {
          p.answerUpdated(ctx, saved);
          return null;
        });
  }

  /** The mailed link: its token is used up whatever follows; a valid one completes the recovery. */
  Future<Void> redeem(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    return p.secrets().redeemToken(p.kit().pool(), f.id(), OneTimeKind.RECOVERY_LINK, in.token(), Flow.now())
        .compose(found -> {
          if (found.isEmpty()) {
            return p.mailed().linkRetry(ctx, Flow.BROWSER, RecoveryMessages.recoveryTokenInvalidOrAlreadyUsed());
          }
          OneTimeStore.Stored token = found.get();
          if (token.expiredAt(Flow.now())) {
            return p.mailed().linkRetry(ctx, Flow.BROWSER, RecoveryMessages.recoveryFlowExpired(token.expiresAt(),
                Flow.now()));
          }
          // A link is opened in a browser: whatever type the flow, the browser gets the session and settings.
          return p.completion().complete(ctx, f, token, "link_recovery", Flow.BROWSER);
        });
  }
}
