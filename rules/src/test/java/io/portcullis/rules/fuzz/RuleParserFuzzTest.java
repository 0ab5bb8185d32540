package io.portcullis.rules.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import io.portcullis.rules.parse.RuleParser;

/**
 * The access rule parser on arbitrary JSON and YAML: it yields rules or a {@link RuleException} whose every problem
 * renders as one message naming where it is; nothing else escapes (no NullPointerException, ClassCastException...).
 */
class RuleParserFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyDocumentGivesRulesOrProblemsWithTheirPlace(byte[] input) {
    String content = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    try {
      RuleParser.parse("fuzz.yml", content);
    } catch (RuleException e) {
      assertThat(e.problems()).isNotEmpty();
      for (RuleProblem p : e.problems()) {
        assertThat(p.message()).startsWith("fuzz.yml").contains("expected");
        if (p.field() != null) {
          assertThat(p.field()).isNotBlank();
        }
      }
    }
  }
}
