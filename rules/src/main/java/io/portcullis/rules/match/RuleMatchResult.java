package io.portcullis.rules.match;

import io.portcullis.rules.AccessRule;

import java.util.List;

/**
 * The rule that decides a request, with what the index was built with for it.
 *
 * @param payload whatever the caller attached to the rule when building the index (e.g. its compiled pipeline)
 * @param captureGroups for the regexp strategy every group after group 0, as in Oathkeeper (each {@code <...>} part
 *     is a group, and groups inside it count too; a group that took no part is empty); for globs, empty
 */
public record RuleMatchResult<T>(AccessRule rule, T payload, List<String> captureGroups) {

  public RuleMatchResult {
    captureGroups = List.copyOf(captureGroups);
  }
}
