package io.portcullis.identity.flow.verification;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Verification by link (Kratos' link strategy): the e-mail form mails a link with a single-use token; following it
 * verifies the address. A bad, used or late link starts a new flow that says so.
 */
final class LinkVerification {
  private final FlowKit kit;
  private final VerificationForm form;
  private final MailedFlow mailed;
  private final VerificationRestart restart;
  private final VerificationMail mail;
  private final OneTimeStore secrets;
  private final VerificationCompletion completion;

  LinkVerification(FlowKit kit, VerificationForm form, MailedFlow mailed, VerificationRestart restart,
      VerificationMail mail, OneTimeStore secrets, VerificationCompletion completion) {
    this.kit = kit;
    this.form = form;
    this.mailed = mailed;
    this.restart = restart;
    this.mail = mail;
    this.secrets = secrets;
    this.completion = completion;
  }

  Future<Void> submit(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    mailed.requireMethod(VerificationForm.LINK);
    if (in.token() != null) {
      return redeem(ctx, f, in);
    }
    return switch (f.state()) {
      case "choose_method", "sent_email" -> send(ctx, f, in);
      case "passed_challenge" -> restart.link(ctx, f.type(), VerificationMessages.verificationRetrySuccess());
      default -> restart.link(ctx, f.type(), VerificationMessages.verificationStateFailure());
    };
  }

  private Future<Void> send(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    UiText problem = MailedFlow.emailProblem(in);
    if (problem != null) {
      UiContainer ui = form.chooseMethod(f, VerificationForm.LINK, in.email());
      ui.addMessage(problem, "email");
      return mailed.refuse(ctx, f, ui);
    }
    kit.access().checkSubmission(ctx, f, in.csrfToken());
    UiContainer ui = form.chooseMethod(f, VerificationForm.LINK, in.email());
    ui.addMessage(VerificationMessages.verificationEmailSent());
    Flow sent = f.with("sent_email", ui.toJson(), Flow.now());
    return kit.pool().withTransaction(tx -> mail.send(tx, sent, VerificationForm.LINK, in.address(), in.email(),
            in.transientPayload()).compose(x -> kit.lifecycle().save(tx, sent)))
        .map(saved -> {
          VerificationHandler.answerUpdated(ctx, mailed, saved);
          return null;
        });
  }

  private Future<Void> redeem(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    return secrets.redeemToken(kit.pool(), f.id(), OneTimeKind.VERIFICATION_LINK, in.token(), Flow.now())
        .compose(found -> {
          if (found.isEmpty()) {
            return invalid(ctx);
          }
          if (found.get().expiredAt(Flow.now())) {
            return restart.link(ctx, Flow.BROWSER, VerificationMessages.verificationFlowExpired(
                found.get().expiresAt(), Flow.now()));
          }
          return completion.complete(ctx, f, found.get(), VerificationForm.LINK)
              .compose(done -> done ? Future.succeededFuture() : invalid(ctx));
        });
  }

  private Future<Void> invalid(RoutingContext ctx) {
    return restart.link(ctx, Flow.BROWSER, VerificationMessages.verificationTokenInvalidOrAlreadyUsed());
  }
}
