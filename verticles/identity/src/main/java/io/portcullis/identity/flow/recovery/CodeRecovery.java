package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Recovery by code (Kratos' code strategy, the default): the e-mail form mails a six-digit code, valid for
 * {@code selfservice.methods.code.config.lifespan}, and the flow asks for it. A flow takes at most
 * {@code max_submissions} codes (5), counted before they are compared; then, as when a code expired or was used, a new
 * flow must be started. Sending the address again replaces the codes sent before.
 */
final class CodeRecovery {
  private final RecoveryParts p;

  CodeRecovery(RecoveryParts parts) {
    this.p = parts;
  }

  /**
   * A submission to a code flow: without an address once the code was sent, it is a code (Kratos looks at the fields
   * sent, not the state); otherwise the address to mail a code to.
   */
  Future<Void> submit(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    p.kit().access().checkSubmission(ctx, f, in.csrfToken());
    if (!f.state().equals("choose_method") && in.email() == null) {
      p.mailed().requireMethod(RecoveryForm.CODE);
      return redeem(ctx, f, in);
    }
    if (!RecoveryForm.CODE.equals(in.method())) {
      return p.mailed().noStrategy(ctx, f, RecoveryMessages.recoveryNoStrategyFound());
    }
    p.mailed().requireMethod(RecoveryForm.CODE);
    return switch (f.state()) {
      case "choose_method", "sent_email" -> send(ctx, f, in);
      case "passed_challenge" -> p.restart().code(ctx, f.type(), RecoveryMessages.recoveryRetrySuccess(), null);
      default -> p.restart().code(ctx, f.type(), RecoveryMessages.recoveryStateFailure(), null);
    };
  }

  /** Mails a new code (the flow's earlier ones stop working) and shows the code entry. */
  private Future<Void> send(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    UiContainer problem = p.emailProblem(f, RecoveryForm.CODE, in);
    if (problem != null) {
      return p.mailed().refuse(ctx, f, problem);
    }
    UiContainer ui = p.form().codeSent(f, in.email());
    ui.addMessage(RecoveryMessages.recoveryEmailWithCodeSent());
    Flow sent = f.with("sent_email", ui.toJson(), Flow.now())
        .withData(f.data().copy().put(MailedFlow.ACTIVE, RecoveryForm.CODE));
    return p.kit().pool().withTransaction(tx -> p.secrets().deleteOfFlow(tx, f.id(), OneTimeKind.RECOVERY_CODE)
            .compose(x -> p.mail().send(tx, sent, in, OneTimeKind.RECOVERY_CODE))
            .compose(x -> p.kit().lifecycle().save(tx, sent)))
        .map(saved -> {
          p.answerUpdated(ctx, saved);
          return null;
        });
  }

  private Future<Void> redeem(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    String code = in.code() == null ? "" : in.code();
    int max = p.kit().settings().codeMaxSubmissions();
    return p.secrets().redeemCode(p.kit().pool(), f.id(), OneTimeKind.RECOVERY_CODE, code, max, Flow.now())
        .compose(r -> switch (r.outcome()) {
          case SUBMITTED_TOO_OFTEN -> retryWith(ctx, f,
              "The request was submitted too often. Please request another code.");
          case ALREADY_USED -> retryWith(ctx, f, "The code was already used. Please request another code.");
          case EXPIRED -> p.restart().code(ctx, f.type(), RecoveryMessages.recoveryFlowExpired(r.secret().expiresAt(),
              Flow.now()), MailedFlow.expiredError(r.secret().expiresAt()));
          case NOT_FOUND -> wrongCode(ctx, f);
          case REDEEMED -> p.completion().complete(ctx, f, r.secret(), "code_recovery", f.type());
        });
  }

  /** A code that is not the flow's: the flow stays, saying so (200, as Kratos). */
  private Future<Void> wrongCode(RoutingContext ctx, Flow f) {
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    ui.addMessage(RecoveryMessages.recoveryCodeInvalidOrAlreadyUsed());
    return p.kit().lifecycle().save(f.with(f.state(), ui.toJson(), Flow.now())).map(saved -> {
      p.answerUpdated(ctx, saved);
      return null;
    });
  }

  /** Kratos turns the code store's 400 into a generic message (4000001) on the new flow. */
  private Future<Void> retryWith(RoutingContext ctx, Flow f, String reason) {
    return p.restart().code(ctx, f.type(), Messages.validationGeneric(reason),
        KratosError.badRequest(reason));
  }
}
