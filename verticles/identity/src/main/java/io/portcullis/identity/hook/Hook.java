package io.portcullis.identity.hook;

import io.vertx.core.Future;

/**
 * One configured self-service hook ({@code {hook: <name>, config: ...}}), built once at start by its
 * {@link HookFactory}. A hook that fails the returned future fails the flow: with {@link FlowInterrupted} the flow
 * shows messages on its form, with a {@code KratosError} the request answers that error.
 */
public interface Hook {

  /**
   * Whether this hook has a part at {@code stage} of a flow of kind {@code flow} ({@code login}, {@code registration},
   * {@code settings}, {@code recovery}, {@code verification}): Kratos' "implements the executor interface". A method's
   * own hooks replace the flow-wide ones only when one of them runs at the stage.
   */
  boolean runsAt(HookStage stage, String flow);

  /** Runs the hook; called only where {@link #runsAt} is true. */
  Future<Void> run(HookStage stage, HookContext ctx);

  /** True for a hook that must run after all others of its list wherever it is configured ({@code session}). */
  default boolean runsLast() {
    return false;
  }
}
