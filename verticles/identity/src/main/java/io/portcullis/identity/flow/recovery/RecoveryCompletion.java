package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowOutcomes;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowJson;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.settings.SettingsHandler;
import io.portcullis.identity.hook.HookContext;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.IdentityEvents;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.RedirectingError;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.kafka.events.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * A passed recovery challenge (a valid link or code): in one transaction the address it was mailed to counts as
 * verified, the flow is done, a new session (method {@code link_recovery} or {@code code_recovery}, so privileged for
 * {@code privileged_session_max_age}) and a settings flow saying so are stored; then the holder is sent to change the
 * password, as Kratos' {@code recoveryIssueSession}. {@code selfservice.flows.recovery.after.hooks} run in that
 * transaction once the session exists (Kratos' {@code PostRecoveryHook}), before the browser gets it.
 */
final class RecoveryCompletion {
  private final FlowKit kit;
  private final IdentityStore identities;
  private final SessionService sessions;
  private final SettingsHandler settings;
  private final Outbox outbox;

  RecoveryCompletion(FlowKit kit, IdentityStore identities, SessionService sessions, SettingsHandler settings,
      Outbox outbox) {
    this.kit = kit;
    this.identities = identities;
    this.sessions = sessions;
    this.settings = settings;
    this.outbox = outbox;
  }

  /** The outcome: the completed flow, the new session and its token, the settings flow that follows. */
  private record Completed(Flow recovery, SessionService.Issued issued, Flow settingsFlow) {
  }

  /**
   * Completes {@code f} with {@code secret} (already used up).
   *
   * @param method the session's authentication method, {@code link_recovery} or {@code code_recovery}
   * @param type who continues: a browser (session cookie, settings page) or a native app (session token)
   */
  Future<Void> complete(RoutingContext ctx, Flow f, OneTimeStore.Stored secret, String method, String type) {
    ClientInfo client = ClientInfo.of(ctx.request());
    Instant now = Flow.now();
    // Kratos' flow.active: the method that passed the challenge (link or code).
    HookContext hooks = kit.lifecycle().hookContext(ctx, f, MailedFlow.json(f)).method(method.replace("_recovery", ""));
    return kit.pool().withTransaction(tx -> identities.get(tx, secret.identityId()).compose(found -> {
      Identity identity = found.orElseThrow(() -> KratosError.notFound("The identity to recover no longer exists."));
      if (!identity.active()) {
        // Kratos' ErrIdentityDisabled: a deactivated identity gets no session, recovered or not.
        throw new KratosError(401, null, "identity is disabled", "This account was disabled.",
            new JsonObject().put("identity_id", identity.id().toString()));
      }
      Future<Boolean> verified = secret.admin() || secret.address() == null ? Future.succeededFuture(false)
          : identities.markVerified(tx, secret.address(), now);
      UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
      Flow done = f.with("passed_challenge", ui.toJson(), now)
          .withData(f.data().copy().put("recovered_identity_id", identity.id().toString()));
      return verified.compose(x -> kit.lifecycle().save(tx, done))
          .compose(x -> sessions.issue(tx, identity, method, client))
          .compose(issued -> outbox.append(tx, EventTypes.LOGIN_SUCCEEDED, identity.id().toString(),
                  IdentityEvents.loginSucceeded(identity.id(), issued.session().id(), f.id(), method, client),
                  issued.session().issuedAt())
              .compose(x -> kit.hooks().post(RecoveryHandler.KIND, hooks.method(),
                  hooks.identity(identity).session(issued.session()).transaction(tx)))
              .compose(x -> settings.startFor(tx, ctx, issued.session(), type, returnTo(f),
                  RecoveryMessages.recoverySuccessful(now.plus(kit.settings().privilegedSessionMaxAge()), now)))
              .map(sf -> new Completed(done, issued, sf)));
    })).compose(c -> kit.hooks().committed(hooks).map(c)).map(c -> {
      FlowOutcomes.succeeded(ctx, RecoveryHandler.KIND);
      answer(ctx, c, method, type);
      return null;
    });
  }

  /** Kratos' {@code TakeOverReturnToParameter}: the flow's {@code return_to}, else the recovery after-URL. */
  private String returnTo(Flow f) {
    if (f.returnTo() != null) {
      return f.returnTo();
    }
    String after = kit.settings().flow(RecoveryHandler.KIND).after().defaultBrowserReturnUrl();
    return after.isEmpty() ? null : after;
  }

  /**
   * Browsers go to the settings page (with the session cookie). A code completed by a JSON client gets the flow
   * with {@code continue_with} (the session token for native apps, then {@code show_settings_ui}) when transitions
   * are on, else Kratos' 422 pointing the browser to the settings page.
   */
  private void answer(RoutingContext ctx, Completed c, String method, String type) {
    String settingsUi = kit.settings().uiUrl("settings") + "?flow=" + c.settingsFlow().id();
    boolean browser = Flow.BROWSER.equals(type);
    if (browser) {
      kit.sessionCookie().set(ctx, c.issued().token(), c.issued().session().expiresAt());
    }
    boolean json = FlowAnswers.isJsonRequest(ctx);
    if (method.equals("link_recovery") || !json && (browser || !kit.settings().useContinueWithTransitions())) {
      FlowAnswers.redirect(ctx, settingsUi);
      return;
    }
    if (!kit.settings().useContinueWithTransitions()) {
      throw RedirectingError.locationChange(settingsUi);
    }
    JsonArray continueWith = new JsonArray();
    if (!browser) {
      continueWith.add(FlowJson.continueWithToken(c.issued().token()).getValue(0));
    }
    continueWith.add(FlowJson.continueWithSettingsUi(c.settingsFlow().id(), settingsUi));
    Http.json(ctx, 200, RecoveryHandler.json(c.recovery(), continueWith));
  }
}
