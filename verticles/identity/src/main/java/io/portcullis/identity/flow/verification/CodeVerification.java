package io.portcullis.identity.flow.verification;

import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Verification by code (Kratos' code strategy, the default): the e-mail form mails a six-digit code and a link that
 * fills it in; the code, entered within its lifespan and at most {@code max_submissions} tries, verifies the address.
 */
final class CodeVerification {
  private static final String RETRY = "An error occured, please retry the flow.";
  private final FlowKit kit;
  private final VerificationForm form;
  private final MailedFlow mailed;
  private final VerificationRestart restart;
  private final VerificationMail mail;
  private final OneTimeStore secrets;
  private final VerificationCompletion completion;

  CodeVerification(FlowKit kit, VerificationForm form, MailedFlow mailed, VerificationRestart restart,
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
    mailed.requireMethod(VerificationForm.CODE);
    return switch (f.state()) {
      case "choose_method", "sent_email" -> in.code() == null ? send(ctx, f, in)
          : ctx.request().method() == HttpMethod.GET ? fillIn(ctx, f, in.code()) : redeem(ctx, f, in.code());
      case "passed_challenge" -> restart.code(ctx, f.type(), VerificationMessages.verificationRetrySuccess(),
          "An error occured, please use the new flow.");
      default -> restart.code(ctx, f.type(), VerificationMessages.verificationStateFailure(),
          "An error occured, please use the new flow.");
    };
  }

  /** Mails a new code (the flow's earlier ones stop working) and shows the code entry. */
  private Future<Void> send(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    UiText problem = MailedFlow.emailProblem(in);
    if (problem != null) {
      UiContainer ui = form.chooseMethod(f, VerificationForm.CODE, in.email());
      ui.addMessage(problem, "email");
      return mailed.refuse(ctx, f, ui);
    }
    kit.access().checkSubmission(ctx, f, in.csrfToken());
    UiContainer ui = form.codeSent(f, in.email());
    ui.addMessage(VerificationMessages.verificationEmailWithCodeSent());
    Flow sent = f.with("sent_email", ui.toJson(), Flow.now());
    return kit.pool().withTransaction(tx -> secrets.deleteOfFlow(tx, f.id(), OneTimeKind.VERIFICATION_CODE)
            .compose(x -> mail.send(tx, sent, VerificationForm.CODE, in.address(), in.email(), in.transientPayload()))
            .compose(x -> kit.lifecycle().save(tx, sent)))
        .map(saved -> {
          VerificationHandler.answerUpdated(ctx, mailed, saved);
          return null;
        });
  }

  /**
   * The mailed link ({@code GET ?code=&flow=}): fills the code in and shows the form, bound to this browser (the
   * link may be opened where the flow was not started), so that the visitor confirms with a click.
   */
  private Future<Void> fillIn(RoutingContext ctx, Flow f, String code) {
    Flow bound = f.browser() ? f.withCsrfToken(kit.csrf().formToken(ctx)) : f;
    UiContainer ui = UiContainer.fromJson(f.ui());
    ui.setValue("code", code);
    ui.setValue(CommonNodes.CSRF_TOKEN, bound.csrfToken());
    return kit.lifecycle().save(bound.with(f.state(), ui.toJson(), Flow.now())).map(saved -> {
      FlowAnswers.redirect(ctx, mailed.formUrl(saved));
      return null;
    });
  }

  private Future<Void> redeem(RoutingContext ctx, Flow f, String code) {
    return secrets.redeemCode(kit.pool(), f.id(), OneTimeKind.VERIFICATION_CODE, code,
        kit.settings().codeMaxSubmissions(), Flow.now()).compose(r -> switch (r.outcome()) {
          case SUBMITTED_TOO_OFTEN -> restart.code(ctx, f.type(), Messages.validationGeneric(
              "The request was submitted too often. Please request another code."), RETRY);
          case ALREADY_USED -> restart.code(ctx, f.type(), Messages.validationGeneric(
              "The code was already used. Please request another code."), RETRY);
          case EXPIRED -> restart.codeExpired(ctx, f.type(), r.secret().expiresAt());
          case NOT_FOUND -> wrongCode(ctx, f);
          case REDEEMED -> completion.complete(ctx, f, r.secret(), VerificationForm.CODE)
              .compose(done -> done ? Future.succeededFuture() : wrongCode(ctx, f));
        });
  }

  /** A code that is not the flow's: the flow stays, saying so. */
  private Future<Void> wrongCode(RoutingContext ctx, Flow f) {
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    ui.addMessage(VerificationMessages.verificationCodeInvalidOrAlreadyUsed());
    return kit.lifecycle().save(f.with(f.state(), ui.toJson(), Flow.now())).map(saved -> {
      VerificationHandler.answerUpdated(ctx, mailed, saved);
      return null;
    });
  }
}
