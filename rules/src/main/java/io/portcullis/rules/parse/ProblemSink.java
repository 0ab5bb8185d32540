package io.portcullis.rules.parse;

import io.portcullis.rules.RuleProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one source instead of stopping at the first, so a reload reports all of them. */
final class ProblemSink {

  private final String origin;
  private final List<RuleProblem> problems = new ArrayList<>();

  public ProblemSink(String origin) {
    this.origin = origin;
  }

  public void add(String ruleId, String field, Object value, String expected) {
    problems.add(new RuleProblem(origin, ruleId, field, value, expected));
  }

  public int size() {
    return problems.size();
  }

  public List<RuleProblem> problems() {
    return List.copyOf(problems);
  }
}
