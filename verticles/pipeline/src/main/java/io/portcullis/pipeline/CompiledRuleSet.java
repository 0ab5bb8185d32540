package io.portcullis.pipeline;

import io.portcullis.rules.RuleOverlap;
import io.portcullis.rules.match.RuleSetIndex;
import io.vertx.core.shareddata.Shareable;
import java.util.List;

/**
 * One version of the rule set, compiled: what a proxy instance holds in a single volatile field and swaps whole.
 * Shareable so every verticle of a node can use the instance the rules role compiled instead of compiling again.
 *
 * @param serial the publication order ({@code RulesetMessage.serial})
 * @param version the content hash ({@code RulesetMessage.version})
 */
public record CompiledRuleSet(long serial, String version, RuleSetIndex<CompiledRule> index,
    List<RuleOverlap> overlaps) implements Shareable {
}
