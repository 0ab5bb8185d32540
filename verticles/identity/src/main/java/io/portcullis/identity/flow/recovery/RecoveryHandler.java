package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
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
  private static final String ALREADY = "A valid session was detected and thus recovery is not possible.";
  private final FlowKit kit;
  private final RecoveryParts p;
  private final SessionService sessions;
  private final LinkRecovery link;
  private final CodeRecovery code;

  RecoveryHandler(RecoveryParts parts, SessionService sessions, LinkRecovery link, CodeRecovery code) {
    this.kit = parts.kit();
    this.p = parts;
    this.sessions = sessions;
    this.link = link;
    this.code = code;
  }

  @Override
  public void mount(Router r) {
    p.mailed().mount(r, this::create, this::submit);
  }

  /** The method new flows use; a 400 when it is switched off, as Kratos' {@code GetActiveRecoveryStrategy}. */
  private String activeMethod() {
    String use = kit.settings().use(KIND);
    if (!kit.settings().methodEnabled(use)) {
      throw KratosError.badRequest("You attempted recovery using " + use + ", which is not enabled or does not "
          + "exist. An administrator needs to enable this recovery method.");
    }
    return use;
  }

  private Future<?> create(RoutingContext ctx, String type) {
    p.mailed().requireEnabled();
    String method = activeMethod();
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    return sessions.authenticate(kit.sessionCookie().token(ctx, type)).compose(current -> {
      if (current.isPresent()) {
        return kit.answers().alreadyLoggedIn(ctx, Flow.BROWSER.equals(type),
            returnTo != null ? returnTo : kit.settings().returnUrls().defaultReturnUrl(), ALREADY);
      }
      Flow f = kit.lifecycle().start(ctx, KIND, type, returnTo)
          .withData(new JsonObject().put(MailedFlow.ACTIVE, method));
      return kit.lifecycle().open(ctx, f, p.form().chooseMethod(f, method, null), MailedFlow::json);
    });
  }

  /** The flow of {@code ?id=} as {@code GET /self-service/recovery/flows} answers it; the pages render it. */
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
        if (in.token() != null) {
          p.mailed().requireMethod(RecoveryForm.LINK);
          return link.redeem(ctx, f, in);
        }
        return sessions.authenticate(Http.sessionToken(ctx, kit.settings().sessionCookieName()))
            .compose(current -> {
              if (current.isPresent()) {
                return kit.answers().alreadyLoggedIn(ctx, !FlowAnswers.isJsonRequest(ctx),
                    f.returnTo() != null ? f.returnTo() : kit.settings().returnUrls().defaultReturnUrl(), ALREADY);
              }
              if (RecoveryForm.LINK.equals(in.method())) {
                p.mailed().requireMethod(RecoveryForm.LINK);
                return link.submit(ctx, f, in);
              }
              if (RecoveryForm.CODE.equals(f.data().getString(MailedFlow.ACTIVE))) {
                return code.submit(ctx, f, in);
              }
              return p.mailed().noStrategy(ctx, f, RecoveryMessages.recoveryNoStrategyFound());
            });
      });
    });
  }

  /** As {@link MailedFlow#json(Flow)}, with Kratos' {@code continue_with}. */
  static JsonObject json(Flow f, JsonArray continueWith) {
    return MailedFlow.json(f).put("continue_with", continueWith);
  }
}
