package io.portcullis.rules.match;

import io.portcullis.rules.AccessRule;

/**
 * A rule with its compiled pattern, at its place in matching order (rank: priority descending, then load order).
 *
 * @param loadOrder position in the list the rule set was built from
 */
record RankedRule(AccessRule rule, UrlPattern pattern, int loadOrder) {}
