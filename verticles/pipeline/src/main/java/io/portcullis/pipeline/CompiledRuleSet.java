package io.portcullis.pipeline;

import io.portcullis.rules.RuleOverlap;
import io.portcullis.rules.match.RuleSetIndex;
import io.vertx.core.shareddata.Shareable;
import java.util.List;

/**
 * One version of the rule set, compiled: what a proxy instance holds in a single volatile field and swaps whole.
 * Shareable so every verticle of a node can use the instance the rules role compiled instead of compiling again.
 */
public record CompiledRuleSet(long version, String checksum, RuleSetIndex<CompiledRule> index,
    List<RuleOverlap> overlaps) implements Shareable {
}
