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

  /**
   * Request/reply, answered by every rules role: a verticle that starts, joins late or reconnects asks for the rule
   * set in force, and asks again every {@code portcullis.rules.reload_interval} so a missed publication is caught up.
   * Body: {@code {"version": the asker's version}} or null; reply: {@link RulesetMessage} JSON, or
   * {@code {"version": ..., "unchanged": true}} when the asker holds it already.
   */
  public static final String RULESET_CURRENT = "portcullis.rules.current";

  /**
   * Published by the rules role whenever what it knows to be wrong changes: a change refused, or sources serving their
   * last good documents (a failing fetch, a deleted ConfigMap, an invalid {@code Rule}); the last good set keeps
   * serving. Body: {@code {"serving_version": "sha256 of the set in force", "problems": "one per line; empty once none remain"}}.
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
   * Session checks (request/reply): an {@code HttpCaller.Call} to a Kratos-compatible whoami endpoint, answered by a
   * session role with an {@code HttpCaller.Reply} ({@link SessionCheckCodecs}: by reference within a node, JSON
   * across it). A proxy asks its own node's session role when it has one, else any in the cluster. Only cache misses
   * travel here.
   */
  public static final String SESSION_CHECK = "portcullis.sessions.check";

  /**
   * Session revocations (publish, cluster-wide): the fast path beside the Kafka revocation topic. The body is the
   * {@code data} of a {@code sh.portcullis.identity.session.revoked.v1} event. Receivers evict; duplicates are harmless.
   */
  public static final String SESSION_REVOKED = "portcullis.sessions.revoked";
}
