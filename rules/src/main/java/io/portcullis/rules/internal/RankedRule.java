package io.portcullis.rules.internal;

import io.portcullis.rules.AccessRule;

/**
 * A rule with its compiled pattern, at its place in matching order (rank: priority descending, then load order).
 *
 * @param loadOrder position in the list the rule set was built from
 */
public record RankedRule(AccessRule rule, UrlPattern pattern, int loadOrder) {}
