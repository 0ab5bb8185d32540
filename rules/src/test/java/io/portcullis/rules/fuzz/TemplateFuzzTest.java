package io.portcullis.rules.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.portcullis.rules.template.Template;
import io.portcullis.rules.template.TemplateException;
import java.util.List;
import java.util.Map;

/**
 * The Go-template engine of the mutators on arbitrary sources: compiling yields a template or a
 * {@link TemplateException}; rendering a compiled one never throws, whatever the data (missing keys, wrong types).
 */
class TemplateFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void compilesOrRefusesAndRenderingNeverThrows(FuzzedDataProvider data) {
    Object root = Map.of("Subject", data.consumeString(10), "Extra", Map.of(data.consumeString(6), data.pickValue(
        new Object[] {data.consumeString(10), data.consumeLong(), List.of(data.consumeBoolean(), "x"), Map.of()})),
        "MatchContext", Map.of("RegexpCaptureGroups", List.of(data.consumeString(5)), "Header",
            Map.of("X", List.of(data.consumeString(5)))));
    Template template;
    try {
      template = Template.compile(data.consumeRemainingAsString());
    } catch (TemplateException refused) {
      return;
    }
    template.render(root);
    template.render(null);
  }
}
