/**
 * Self-service hooks as Kratos v25.4.0 runs them ({@code selfservice.flows.<flow>.before.hooks},
 * {@code .after.hooks}, {@code .after.<method>.hooks}): a {@link io.portcullis.identity.hook.Hook} per configured entry,
 * built at start by the {@link io.portcullis.identity.hook.HookRegistry} (an unknown name fails the start with its key
 * path) and run by the {@link io.portcullis.identity.hook.HookRunner}, which every flow gets as {@code FlowKit.hooks()}.
 * Built in: {@code session}, {@code revoke_active_sessions}, {@code require_verified_address}, {@code web_hook}.
 *
 * <p>A flow runs its hooks with two calls; the recovery and verification flows do exactly this:
 * <pre>{@code
 * // 1. At creation: FlowLifecycle.open(...) (and reopen) runs runner.before(flow.kind(), ...) itself. A flow that
 * //    stores new flows otherwise calls it before storing:
 * kit.hooks().before("recovery", kit.lifecycle().hookContext(ctx, flow, flowJson));
 *
 * // 2. After a successful submission, in the transaction that writes the flow's result:
 * HookContext hooks = kit.lifecycle().hookContext(ctx, flow, flowJson)
 *     .method("code").identity(identity).session(session);          // what the flow has
 * kit.pool().withTransaction(tx -> writeTheResult(tx)
 *         .compose(x -> kit.hooks().post("recovery", "code", hooks.transaction(tx))))
 *     .compose(x -> kit.hooks().committed(hooks))                    // work hooks left for after the commit
 *     .recover(t -> t instanceof FlowInterrupted i                  // a hook's messages for the form
 *         ? kit.lifecycle().interrupted(ctx, flow, flow.state(), ui, i, json) : Future.failedFuture(t));
 * }</pre>
 * Registration and settings also call {@code kit.hooks().prePersist(flow, method, hooks)} before writing the identity
 * ({@link io.portcullis.identity.hook.HookContext#identity} may then be replaced). Recovery and verification have
 * flow-wide after hooks only, so their {@code method} only names what completed the flow (Kratos'
 * {@code flow.active}). A flow that brings hooks of its own ({@code show_verification_ui}, {@code verification})
 * registers them with {@link io.portcullis.identity.hook.HookRegistry#register} in {@code IdentityRole} before the
 * runner is built. See docs/identity.md, "Hooks".
 */
package io.portcullis.identity.hook;
