/**
 * Finding the rule for a request: {@link io.portcullis.rules.match.RuleSetIndex} indexes a rule set by host and path
 * prefix, matches glob and regexp patterns (compiled to automata, as Oathkeeper's regexp2/glob dialects) and finds
 * overlapping rules with an example URL that both match.
 */
package io.portcullis.rules.match;
