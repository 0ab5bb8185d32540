package io.portcullis.identity.flow.verification;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowJson;
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
  /** Flow data: the method ({@code link} or {@code code}) the flow uses, Kratos' {@code active}. */
  static final String ACTIVE = "active";
  private final FlowKit kit;
  private final VerificationForm form;
  private final MailedFlow mailed;
  private final VerificationRestart restart;
  private final LinkVerification link;
  private final CodeVerification code;

  VerificationHandler(FlowKit kit, VerificationForm form, MailedFlow mailed, VerificationRestart restart,
      LinkVerification link, CodeVerification code) {
    this.kit = kit;
    this.form = form;
    this.mailed = mailed;
    this.restart = restart;
    this.link = link;
    this.code = code;
  }

  @Override
  public void mount(Router r) {
    r.get("/self-service/verification/browser").handler(Http.async(ctx -> create(ctx, Flow.BROWSER)));
    r.get("/self-service/verification/api").handler(Http.async(ctx -> create(ctx, Flow.API)));
    r.get("/self-service/verification/flows").handler(FlowAnswers.getFlow(this::fetch));
    r.get("/self-service/verification").handler(Http.async(this::submit));
    r.post("/self-service/verification").handler(Http.async(this::submit));
  }

  private void requireEnabled() {
    if (!kit.settings().flowEnabled(KIND)) {
      throw KratosError.badRequest("Verification is not allowed because it was disabled.");
    }
  }

  private Future<?> create(RoutingContext ctx, String type) {
    requireEnabled();
    String method = activeMethod(kit);
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    Flow f = kit.lifecycle().start(ctx, KIND, type, returnTo).withData(new JsonObject().put(ACTIVE, method));
    return kit.lifecycle().open(ctx, f, form.chooseMethod(f, method, null), VerificationHandler::json);
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
    requireEnabled();
    return kit.lifecycle().load(ctx, KIND).map(f -> {
      kit.access().checkLive(ctx, f);
      return json(f);
    });
  }

  private Future<?> submit(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, KIND)
        .recover(t -> Future.failedFuture(t instanceof KratosError e && e.code() == 404
            ? KratosError.notFound("The verification request could not be found. Please restart the flow.") : t))
        .compose(f -> {
          OneTimeSubmission in = OneTimeSubmission.of(ctx);
          if (f.expiredAt(Flow.now())) {
            return restart.expired(ctx, f);
          }
          String active = f.data().getString(ACTIVE);
          if (VerificationForm.LINK.equals(active) && (in.token() != null || VerificationForm.LINK.equals(in.method()))) {
            return link.submit(ctx, f, in);
          }
          if (VerificationForm.CODE.equals(active) && (in.method() == null ? in.code() != null
              : VerificationForm.CODE.equals(in.method()))) {
            return code.submit(ctx, f, in);
          }
          return mailed.noStrategy(ctx, f, VerificationMessages.verificationNoStrategyFound());
        });
  }

  /** After a step that kept the flow: browser navigations see the form, everyone else gets the flow (200). */
  static void answerUpdated(RoutingContext ctx, MailedFlow mailed, Flow f) {
    if (FlowAnswers.isBrowserRequest(ctx)) {
      FlowAnswers.redirect(ctx, mailed.formUrl(f));
    } else {
      Http.json(ctx, 200, json(f));
    }
  }

  /** The verification flow's JSON: the common fields, Kratos' {@code active} method. */
  static JsonObject json(Flow f) {
    return FlowJson.common(f).put(ACTIVE, f.data().getString(ACTIVE));
  }
}
