package io.portcullis.rules;

/**
 * Two rules of the same priority that some request matches both. Not an error: {@code ruleA}, loaded first, always
 * wins. Reported when rules load because the author may have expected the other one.
 *
 * @param ruleA the id of the rule that wins (loaded first)
 * @param ruleB the id of the rule it shadows for the overlapping requests
 * @param reason an example both match, e.g. {@code both match "http://example.com/public/x" for GET}
 */
public record RuleOverlap(String ruleA, String ruleB, int priority, String reason) {}
