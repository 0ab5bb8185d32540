package io.portcullis.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule source or rule set was refused. Carries every problem found, not just the first, so one reload attempt
 * tells the operator everything that needs fixing.
 */
public class RuleException extends Exception {

  private final transient List<RuleProblem> problems;

  public RuleException(List<RuleProblem> problems) {
    super(problems.stream().map(RuleProblem::message).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<RuleProblem> problems() {
    return problems;
  }
}
