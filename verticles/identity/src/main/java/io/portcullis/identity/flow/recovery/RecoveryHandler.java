package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowJson;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Kratos' recovery flow (the classic one: e-mail first, then a link or a code): {@code /self-service/recovery/browser},
 * {@code /api}, {@code /flows} and the submission, which also takes the mailed link ({@code GET ?flow=&token=}).
 * Submissions go to the strategies in Kratos' order: a link token to the link method, then whoever has a session is
 * refused, then the method the form names ({@link LinkRecovery}, {@link CodeRecovery}). The flow's method is chosen
 * by {@code selfservice.flows.recovery.use} when it starts.
 */
public final class RecoveryHandler implements FlowEndpoints {
  static final String KIND = "recovery";
  static final String ALREADY = "A valid session was detected and thus recovery is not possible.";
  /** Flow data: the method ({@code link} or {@code code}) the flow uses, Kratos' {@code active}. */
  static final String ACTIVE = "active";
  private final FlowKit kit;
  private final SessionService sessions;
  private final RecoveryForm form;
  private final RecoveryAnswers answers;
  private final RecoveryRestart restart;
  private final LinkRecovery link;
  private final CodeRecovery code;

  RecoveryHandler(FlowKit kit, SessionService sessions, RecoveryForm form, RecoveryAnswers answers,
      RecoveryRestart restart, LinkRecovery link, CodeRecovery code) {
    this.kit = kit;
    this.sessions = sessions;
    this.form = form;
    this.answers = answers;
    this.restart = restart;
    this.link = link;
    this.code = code;
  }

  @Override
  public void mount(Router r) {
    r.get("/self-service/recovery/browser").handler(Http.async(ctx -> create(ctx, Flow.BROWSER)));
    r.get("/self-service/recovery/api").handler(Http.async(ctx -> create(ctx, Flow.API)));
    r.get("/self-service/recovery/flows").handler(FlowAnswers.getFlow(this::fetch));
    r.get("/self-service/recovery").handler(Http.async(this::submit));
    r.post("/self-service/recovery").handler(Http.async(this::submit));
  }

  private void requireEnabled() {
    if (!kit.settings().flowEnabled(KIND)) {
      throw KratosError.badRequest("Recovery is not allowed because it was disabled.");
    }
  }

  /** The method new flows use; a 400 when it is switched off, as Kratos' {@code GetActiveRecoveryStrategy}. */
  String activeMethod() {
    String use = kit.settings().use(KIND);
    if (!kit.settings().methodEnabled(use)) {
      throw KratosError.badRequest("You attempted recovery using " + use + ", which is not enabled or does not "
          + "exist. An administrator needs to enable this recovery method.");
    }
    return use;
  }

  private Future<?> create(RoutingContext ctx, String type) {
    requireEnabled();
    String method = activeMethod();
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    return sessions.authenticate(kit.sessionCookie().token(ctx, type)).compose(current -> {
      if (current.isPresent()) {
        return kit.answers().alreadyLoggedIn(ctx, Flow.BROWSER.equals(type),
            returnTo != null ? returnTo : kit.settings().returnUrls().defaultReturnUrl(), ALREADY);
      }
      Flow f = kit.lifecycle().start(ctx, KIND, type, returnTo).withData(new JsonObject().put(ACTIVE, method));
      return kit.lifecycle().open(ctx, f, form.chooseMethod(f, method, null), RecoveryHandler::json);
    });
  }

  /** The flow of {@code ?id=} as {@code GET /self-service/recovery/flows} answers it; the pages render it. */
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
            ? KratosError.notFound("The recovery request could not be found. Please restart the flow.") : t))
        .compose(f -> {
          OneTimeSubmission in = OneTimeSubmission.of(ctx);
          if (f.expiredAt(Flow.now())) {
            return restart.expired(ctx, f);
          }
          if (in.token() != null) {
            answers.mailed.requireMethod(RecoveryForm.LINK);
            return link.redeem(ctx, f, in);
          }
          return sessions.authenticate(Http.sessionToken(ctx, kit.settings().sessionCookieName()))
              .compose(current -> {
                if (current.isPresent()) {
                  return kit.answers().alreadyLoggedIn(ctx, !FlowAnswers.isJsonRequest(ctx),
                      f.returnTo() != null ? f.returnTo() : kit.settings().returnUrls().defaultReturnUrl(), ALREADY);
                }
                if (RecoveryForm.LINK.equals(in.method())) {
                  answers.mailed.requireMethod(RecoveryForm.LINK);
                  return link.submit(ctx, f, in);
                }
                if (RecoveryForm.CODE.equals(f.data().getString(ACTIVE))) {
                  return code.submit(ctx, f, in);
                }
                return answers.mailed.noStrategy(ctx, f, RecoveryMessages.recoveryNoStrategyFound());
              });
        });
  }

  /** The recovery flow's JSON: the common fields, Kratos' {@code active} method. */
  static JsonObject json(Flow f) {
    return FlowJson.common(f).put(ACTIVE, f.data().getString(ACTIVE));
  }

  /** As {@link #json(Flow)}, with Kratos' {@code continue_with}. */
  static JsonObject json(Flow f, JsonArray continueWith) {
    return json(f).put("continue_with", continueWith);
  }
}
