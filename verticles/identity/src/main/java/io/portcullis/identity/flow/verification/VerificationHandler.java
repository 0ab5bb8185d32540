package io.portcullis.identity.flow.verification;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Kratos' verification flow: {@code /self-service/verification/browser}, {@code /api}, {@code /flows} and the
 * submission, which also takes the mailed links ({@code GET ?flow=&token=} of the link method, {@code ?code=&flow=}
 * of the code method). Anyone may verify, signed in or not; the flow's method is {@code selfservice.flows
 * .verification.use} when it starts and only that method answers its submissions.
 */
public final class VerificationHandler implements FlowEndpoints {
  static final String KIND = "verification";
  private final FlowKit kit;
  private final VerificationParts p;
  private final LinkVerification link;
  private final CodeVerification code;

  VerificationHandler(VerificationParts parts, LinkVerification link, CodeVerification code) {
    this.kit = parts.kit();
    this.p = parts;
    this.link = link;
    this.code = code;
  }

  @Override
  public void mount(Router r) {
    p.mailed().mount(r, this::create, this::submit);
  }

  private Future<?> create(RoutingContext ctx, String type) {
    p.mailed().requireEnabled();
    String method = activeMethod(kit);
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    Flow f = kit.lifecycle().start(ctx, KIND, type, returnTo)
        .withData(new JsonObject().put(MailedFlow.ACTIVE, method));
    return kit.lifecycle().open(ctx, f, p.form().chooseMethod(f, method, null), MailedFlow::json);
  }

  /** The method new flows use; a 400 when it is switched off, as Kratos' {@code GetActiveVerificationStrategy}. */
  static String activeMethod(FlowKit kit) {
    String use = kit.settings().use(KIND);
    if (!kit.settings().methodEnabled(use)) {
      throw KratosError.badRequest("The active verification strategy " + use + " is not enabled. Please enable it "
          + "in the configuration.");
    }
    return use;
  }

  /** The flow of {@code ?id=} as {@code GET /self-service/verification/flows} answers it; the pages render it. */
  public Future<JsonObject> fetch(RoutingContext ctx) {
    return p.mailed().fetch(ctx);
  }

  private Future<?> submit(RoutingContext ctx) {
    return p.mailed().loadSubmitted(ctx).compose(f -> {
      OneTimeSubmission in = OneTimeSubmission.of(ctx);
      if (f.expiredAt(Flow.now())) {
        return p.restart().expired(ctx, f);
      }
      return p.mailed().counted(ctx, f, in, () -> {
        String active = f.data().getString(MailedFlow.ACTIVE);
        if (VerificationForm.LINK.equals(active)
            && (in.token() != null || VerificationForm.LINK.equals(in.method()))) {
          return link.submit(ctx, f, in);
        }
        if (VerificationForm.CODE.equals(active) && (in.method() == null ? in.code() != null
            : VerificationForm.CODE.equals(in.method()))) {
          return code.submit(ctx, f, in);
        }
        return p.mailed().noStrategy(ctx, f, VerificationMessages.verificationNoStrategyFound());
      });
    });
  }
}
