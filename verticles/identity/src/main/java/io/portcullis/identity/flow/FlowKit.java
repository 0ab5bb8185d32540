package io.portcullis.identity.flow;

import io.portcullis.identity.attempts.FlowAttempts;
import io.portcullis.identity.hook.HookRunner;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.vertx.sqlclient.Pool;

/**
 * What every flow is handed: the self-service settings and the pieces all flows share, built once per identity
 * role. A flow takes what it needs from here plus its own services (identities, sessions, passwords).
 *
 * @param csrf the anti-CSRF cookie and form tokens, also guarding the pages' own forms
 * @param hooks the configured self-service hooks; {@link FlowLifecycle#open} runs the before hooks, a flow's
 *     submission runs its after hooks ({@code io.portcullis.identity.hook})
 * @param attempts the rate limits of login, recovery and verification attempts, asked before a submission's work
 */
public record FlowKit(SelfService settings, Csrf csrf, FlowLifecycle lifecycle, FlowAccess access,
    FlowAnswers answers, SessionCookie sessionCookie, KratosJson json, Pool pool, HookRunner hooks,
    FlowAttempts attempts) {

  public static FlowKit create(Pool pool, FlowStore store, SelfService settings, KratosJson json, HookRunner hooks,
      FlowAttempts attempts) {
    Csrf csrf = new Csrf(settings.selfPublicUrl(), settings.csrfCookies());
    FlowAnswers answers = new FlowAnswers(settings);
    return new FlowKit(settings, csrf, new FlowLifecycle(pool, store, settings, csrf, answers, hooks),
        new FlowAccess(settings, csrf), answers, new SessionCookie(settings), json, pool, hooks, attempts);
  }
}
