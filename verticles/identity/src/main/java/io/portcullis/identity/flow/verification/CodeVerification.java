package io.portcullis.identity.flow.verification;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Verification by code (Kratos' code strategy, the default): the e-mail form mails a six-digit code and a link that
 * fills it in; the code, entered within its lifespan and at most {@code max_submissions} tries, verifies the address.
 */
final class CodeVerification {
  private static final String RETRY = "An error occured, please retry the flow.";
  private final VerificationParts p;

  CodeVerification(VerificationParts parts) {
    this.p = parts;
  }

  Future<Void> submit(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    p.mailed().requireMethod(VerificationForm.CODE);
    return switch (f.state()) {
      case "choose_method", "sent_email" -> in.code() == null ? send(ctx, f, in)
          : ctx.request().method() == HttpMethod.GET ? fillIn(ctx, f, in.code()) : redeem(ctx, f, in.code());
      case "passed_challenge" -> p.restart().code(ctx, f.type(), VerificationMessages.verificationRetrySuccess(),
          "An error occured, please use the new flow.");
      default -> p.restart().code(ctx, f.type(), VerificationMessages.verificationStateFailure(),
          "An error occured, please use the new flow.");
    };
  }

  /** Mails a new code (the flow's earlier ones stop working) and shows the code entry. */
  private Future<Void> send(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    Future<Void> refused = p.refuseEmail(ctx, f, VerificationForm.CODE, in);
    if (refused != null) {
      return refused;
    }
    p.kit().access().checkSubmission(ctx, f, in.csrfToken());
    UiContainer ui = p.form().codeSent(f, in.email());
    ui.addMessage(VerificationMessages.verificationEmailWithCodeSent());
    Flow sent = f.with("sent_email", ui.toJson(), Flow.now());
    return p.kit().pool().withTransaction(tx -> p.secrets().deleteOfFlow(tx, f.id(), OneTimeKind.VERIFICATION_CODE)
            .compose(x -> p.mail().send(tx, sent, VerificationForm.CODE, in.address(), in.email(),
                in.transientPayload()))
            .compose(x -> p.kit().lifecycle().save(tx, sent)))
        .map(saved -> p.answerUpdated(ctx, saved));
  }

  /**
   * The mailed link ({@code GET ?code=&flow=}): fills the code in and shows the form, bound to this browser (the
   * link may be opened where the flow was not started), so that the visitor confirms with a click.
   */
  private Future<Void> fillIn(RoutingContext ctx, Flow f, String code) {
    Flow bound = f.browser() ? f.withCsrfToken(p.kit().csrf().formToken(ctx)) : f;
    UiContainer ui = UiContainer.fromJson(f.ui());
    ui.setValue("code", code);
    ui.setValue(CommonNodes.CSRF_TOKEN, bound.csrfToken());
    return p.kit().lifecycle().save(bound.with(f.state(), ui.toJson(), Flow.now())).map(saved -> {
      FlowAnswers.redirect(ctx, p.mailed().formUrl(saved));
      return null;
    });
  }

  private Future<Void> redeem(RoutingContext ctx, Flow f, String code) {
    return p.secrets().redeemCode(p.kit().pool(), f.id(), OneTimeKind.VERIFICATION_CODE, code,
        p.kit().settings().codeMaxSubmissions(), Flow.now()).compose(r -> switch (r.outcome()) {
          case SUBMITTED_TOO_OFTEN -> p.restart().code(ctx, f.type(), Messages.validationGeneric(
              "The request was submitted too often. Please request another code."), RETRY);
          case ALREADY_USED -> p.restart().code(ctx, f.type(), Messages.validationGeneric(
              "The code was already used. Please request another code."), RETRY);
          case EXPIRED -> p.restart().codeExpired(ctx, f.type(), r.secret().expiresAt());
          case NOT_FOUND -> wrongCode(ctx, f);
          case REDEEMED -> p.completion().complete(ctx, f, r.secret(), VerificationForm.CODE)
              .compose(done -> done.isPresent() ? Future.succeededFuture(p.answerUpdated(ctx, done.get()))
                  : wrongCode(ctx, f));
        });
  }

  /** A code that is not the flow's: the flow stays, saying so. */
  private Future<Void> wrongCode(RoutingContext ctx, Flow f) {
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    ui.addMessage(VerificationMessages.verificationCodeInvalidOrAlreadyUsed());
    return p.kit().lifecycle().save(f.with(f.state(), ui.toJson(), Flow.now()))
        .map(saved -> p.answerUpdated(ctx, saved));
  }
}
