package io.portcullis.identity.hook;

import io.portcullis.identity.session.IdentityEvents;
import io.portcullis.kafka.events.EventTypes;
import io.vertx.core.Future;

/**
 * {@code session} after registration: logs the new identity in with a session issued in the flow's transaction (and
 * its {@code login.succeeded} event); the flow hands out its cookie or token. Always last, as in Kratos.
 */
final class SessionIssuer implements Hook {
  private final HookServices services;

  SessionIssuer(HookServices services) {
    this.services = services;
  }

  @Override
  public boolean runsAt(HookStage stage, String flow) {
    return stage == HookStage.POST && flow.equals("registration");
  }

  @Override
  public boolean runsLast() {
    return true;
  }

  @Override
  public Future<Void> run(HookStage stage, HookContext ctx) {
    var client = ctx.request().client();
    return services.sessions().issue(ctx.transaction(), ctx.identity(), ctx.method(), ctx.provider(), client)
        .compose(issued -> services.outbox().append(ctx.transaction(), EventTypes.LOGIN_SUCCEEDED,
                ctx.identity().id().toString(), IdentityEvents.loginSucceeded(ctx.identity().id(),
                    issued.session().id(), ctx.flowId(), ctx.method(), client), issued.session().issuedAt())
            .map(x -> {
              ctx.issued(issued);
              return null;
            }));
  }
}
