package io.portcullis.identity.flow.verification;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowOutcomes;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.hook.HookContext;
import io.portcullis.identity.store.IdentityStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * A valid link or code: the address it was mailed to becomes verified ({@code verified: true}, {@code verified_at},
 * status {@code completed}) and the flow shows success with a Continue link to where the visitor goes next.
 */
final class VerificationCompletion {
  private final FlowKit kit;
  private final IdentityStore identities;
  private final VerificationForm form;

  VerificationCompletion(FlowKit kit, IdentityStore identities, VerificationForm form) {
    this.kit = kit;
    this.identities = identities;
    this.form = form;
  }

  /**
   * Verifies the address of {@code secret} (already used up) and completes {@code f}: the completed flow, or empty
   * when the identity no longer has that address.
   */
  Future<Optional<Flow>> complete(RoutingContext ctx, Flow f, OneTimeStore.Stored secret, String method) {
    String continueUrl = f.returnTo() != null ? f.returnTo() : kit.settings().afterUrl(VerificationHandler.KIND,
        method);
    // As Kratos, the completed flow is bound to the browser that completed it (a mailed link opened elsewhere).
    Flow bound = f.browser() ? f.withCsrfToken(kit.csrf().formToken(ctx)) : f;
    Flow done = bound.with("passed_challenge", form.verified(bound, method, continueUrl).toJson(), Flow.now());
    HookContext hooks = kit.lifecycle().hookContext(ctx, done, MailedFlow.json(done)).method(method);
    // selfservice.flows.verification.after.hooks run in the completing transaction once the address is verified
    // (Kratos' PostVerificationHook); the identity is read there so they see it verified.
    return kit.pool().withTransaction(tx -> identities.markVerified(tx, secret.address(), done.updatedAt())
        .compose(verified -> !verified ? Future.succeededFuture(Optional.<Flow>empty())
            : kit.lifecycle().save(tx, done).compose(saved -> identities.get(tx, secret.identityId())
                .compose(identity -> identity.isEmpty() ? Future.succeededFuture()
                    : kit.hooks().post(VerificationHandler.KIND, method, hooks.identity(identity.get()).transaction(tx)))
                .map(Optional.of(saved)))))
        .compose(result -> kit.hooks().committed(hooks).map(result))
        .onSuccess(result -> result.ifPresent(x -> FlowOutcomes.succeeded(ctx, VerificationHandler.KIND)));
  }
}
