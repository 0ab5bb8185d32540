package io.portcullis.identity.hook;

/** When a hook runs, as Kratos' executor interfaces say. */
public enum HookStage {
  /** When a flow is created ({@code before.hooks}); the flow is not stored yet. */
  BEFORE,
  /**
   * After a successful submission, before the identity is written (registration and settings only): a hook may still
   * change the identity or interrupt the flow.
   */
  PRE_PERSIST,
  /**
   * After a successful submission, once the flow's result is written in its transaction (the identity registered or
   * changed, the login session issued): a hook that writes does so in the same transaction, and a failure undoes it.
   */
  POST
}
