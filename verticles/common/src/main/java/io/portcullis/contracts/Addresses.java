package io.portcullis.contracts;

/**
 * Every event-bus address Portcullis uses, declared once. Message shapes are described next to each address and in
 * docs/architecture.md; verticles talk only through these, never through each other's classes.
 */
public final class Addresses {
  /**
   * Published by the rules role whenever a new valid rule set is in force; body: {@link RulesetMessage} JSON.
   * Every proxy instance on every node swaps to it atomically.
   */
  public static final String RULESET = "portcullis.rules.ruleset";

  /** Request/reply: a proxy that starts late asks for the rule set in force; reply: {@link RulesetMessage} JSON. */
  public static final String RULESET_CURRENT = "portcullis.rules.current";

  /**
   * Published by the rules role whenever what it knows to be wrong changes: a change refused, or sources serving their
   * last good documents (a failing fetch, a deleted ConfigMap, an invalid {@code Rule}); the last good set keeps
   * serving. Body: {@code {"serving_version": n, "problems": "one per line; empty once none remain"}}.
   */
  public static final String RULESET_REJECTED = "portcullis.rules.rejected";

  /**
   * Sent (local only, never across the cluster) by the proxy and the identity service for every event to audit;
   * body: an {@code io.portcullis.kafka.events.AccessEventBatch} passed by reference through {@code LocalCodec}. Each node's
   * audit role ships its own node's events.
   */
  public static final String AUDIT_EVENTS = "portcullis.audit.events";

  private Addresses() {
  }

  /**
   * Session checks (request/reply, local only): an {@code HttpCaller.Call} to a Kratos-compatible whoami endpoint,
   * answered by the node's session role with an {@code HttpCaller.Reply}, both by reference ({@code LocalCodec}).
   * Only cache misses travel here.
   */
  public static final String SESSION_CHECK = "portcullis.sessions.check";

  /**
   * Session revocations (publish, cluster-wide): the fast path beside the Kafka revocation topic. The body is the
   * {@code data} of a {@code sh.portcullis.identity.session.revoked.v1} event. Receivers evict; duplicates are harmless.
   */
  public static final String SESSION_REVOKED = "portcullis.sessions.revoked";
}
