package io.portcullis.ruleset.source;

import io.portcullis.rules.RuleProblem;
import java.util.List;

/** Validates one document on its own (parse and compile against the configured handlers): its problems, or none. */
@FunctionalInterface
public interface RuleCheck {
  List<RuleProblem> problems(RuleDocument document);
}
