package io.portcullis.identity.hook;

import io.portcullis.identity.session.SessionService;
import io.portcullis.kafka.events.RevocationCause;
import io.vertx.core.Future;
import java.util.Set;

/**
 * {@code revoke_active_sessions} after login, settings and recovery: every other session of the identity ends, in
 * the flow's transaction and through {@link SessionService}, so the revocation events go out as for any revocation.
 * The cause is {@code credentials_changed} after settings (a changed credential), {@code revoke_all} otherwise.
 */
final class SessionDestroyer implements Hook {
  private static final Set<String> FLOWS = Set.of("login", "settings", "recovery");
  private final SessionService sessions;

  SessionDestroyer(SessionService sessions) {
    this.sessions = sessions;
  }

  @Override
  public boolean runsAt(HookStage stage, String flow) {
    return stage == HookStage.POST && FLOWS.contains(flow);
  }

  @Override
  public Future<Void> run(HookStage stage, HookContext ctx) {
    RevocationCause cause = ctx.flow().equals("settings") ? RevocationCause.CREDENTIALS_CHANGED
        : RevocationCause.REVOKE_ALL;
    return sessions.revokeAll(ctx.transaction(), ctx.identity().id(), ctx.session() == null ? null : ctx.session().id(),
        cause, ctx.request().client()).mapEmpty();
  }
}
