package io.portcullis.rules;

import java.util.List;
import java.util.Objects;

/**
 * One access rule, as read from a rule file: which requests it applies to and the handler pipeline that decides them.
 *
 * <p>Immutable: a loaded rule set is shared by all request threads and swapped as a whole on reload. Lists are never
 * null; {@code version} and {@code description} are empty when absent.
 *
 * @param priority the highest-priority matching rule wins; rules of equal priority are tried in load order
 * @param upstream where the proxy forwards; its URL is empty for rules used only for decisions
 * @param origin where the rule came from (a file path, a URL, {@code ConfigMap x}), so problems can be traced back
 * @param audit how much of the rule's traffic is audited (everything by default)
 */
public record AccessRule(String id, String version, String description, int priority, RuleMatch match,
    Upstream upstream, List<HandlerRef> authenticators, HandlerRef authorizer, List<HandlerRef> mutators,
    List<HandlerRef> errors, String origin, RuleAudit audit) {

  /** A rule audited in full. */
  public AccessRule(String id, String version, String description, int priority, RuleMatch match,
      Upstream upstream, List<HandlerRef> authenticators, HandlerRef authorizer, List<HandlerRef> mutators,
      List<HandlerRef> errors, String origin) {
    this(id, version, description, priority, match, upstream, authenticators, authorizer, mutators, errors, origin,
        RuleAudit.ALL);
  }

  public AccessRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(authorizer, "authorizer");
    version = Objects.requireNonNullElse(version, "");
    description = Objects.requireNonNullElse(description, "");
    upstream = Objects.requireNonNullElse(upstream, Upstream.NONE);
    authenticators = authenticators == null ? List.of() : List.copyOf(authenticators);
    mutators = mutators == null ? List.of() : List.copyOf(mutators);
    errors = errors == null ? List.of() : List.copyOf(errors);
    origin = Objects.requireNonNullElse(origin, "");
    audit = Objects.requireNonNullElse(audit, RuleAudit.ALL);
  }
}
