package io.portcullis.identity.flow.verification;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.ui.UiContainer;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Verification by link (Kratos' link strategy): the e-mail form mails a link with a single-use token; following it
 * verifies the address. A bad, used or late link starts a new flow that says so.
 */
final class LinkVerification {
  private final VerificationParts p;

  LinkVerification(VerificationParts parts) {
    this.p = parts;
  }

  Future<Void> submit(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    p.mailed().requireMethod(VerificationForm.LINK);
    if (in.token() != null) {
      return redeem(ctx, f, in);
    }
    return switch (f.state()) {
      case "choose_method", "sent_email" -> send(ctx, f, in);
      case "passed_challenge" -> p.mailed().linkRetry(ctx, f.type(), VerificationMessages.verificationRetrySuccess());
      default -> p.mailed().linkRetry(ctx, f.type(), VerificationMessages.verificationStateFailure());
    };
  }

  private Future<Void> send(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    Future<Void> refused = p.refuseEmail(ctx, f, VerificationForm.LINK, in);
    if (refused != null) {
      return refused;
    }
    p.kit().access().checkSubmission(ctx, f, in.csrfToken());
    UiContainer ui = p.form().chooseMethod(f, VerificationForm.LINK, in.email());
    ui.addMessage(VerificationMessages.verificationEmailSent());
    Flow sent = f.with("sent_email", ui.toJson(), Flow.now());
    return p.kit().pool().withTransaction(tx -> p.mail().send(tx, sent, VerificationForm.LINK, in.address(), in.email(),
            in.transientPayload()).compose(x -> p.kit().lifecycle().save(tx, sent)))
        .map(saved -> p.answerUpdated(ctx, saved));
  }

  private Future<Void> redeem(RoutingContext ctx, Flow f, OneTimeSubmission in) {
    return p.secrets().redeemToken(p.kit().pool(), f.id(), OneTimeKind.VERIFICATION_LINK, in.token(), Flow.now())
        .compose(found -> {
          if (found.isEmpty()) {
            return invalid(ctx);
          }
          if (found.get().expiredAt(Flow.now())) {
            return p.mailed().linkRetry(ctx, Flow.BROWSER, VerificationMessages.verificationFlowExpired(
                found.get().expiresAt(), Flow.now()));
          }
          return p.completion().complete(ctx, f, found.get(), VerificationForm.LINK)
              .compose(done -> done.isPresent() ? Future.succeededFuture(p.answerUpdated(ctx, done.get()))
                  : invalid(ctx));
        });
  }

  private Future<Void> invalid(RoutingContext ctx) {
    return p.mailed().linkRetry(ctx, Flow.BROWSER, VerificationMessages.verificationTokenInvalidOrAlreadyUsed());
  }
}
