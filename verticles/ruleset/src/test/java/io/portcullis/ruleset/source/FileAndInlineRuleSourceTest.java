package io.portcullis.ruleset.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.config.RuleRepository;
import io.portcullis.rules.RuleException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAndInlineRuleSourceTest {
  @TempDir
  Path dir;

  @Test
  void aDirectoryGivesItsRuleFilesSortedWithoutHiddenEntries() throws Exception {
    Files.writeString(dir.resolve("b.yml"), "- id: b");
    Files.writeString(dir.resolve("a.json"), "[]");
    Files.writeString(dir.resolve("notes.txt"), "not rules");
    Files.createDirectories(dir.resolve("..data"));
    Files.writeString(dir.resolve("..data/a.json"), "[]");
    FileRuleSource source = new FileRuleSource("file://rules", dir);
    assertThat(source.read()).extracting(RuleDocument::name)
        .containsExactly(dir.resolve("a.json").toString(), dir.resolve("b.yml").toString());
  }

  @Test
  void aMissingFileIsAnError() {
    Path missing = dir.resolve("gone.yml");
    assertThatThrownBy(new FileRuleSource("gone.yml", missing)::read).isInstanceOf(RuleException.class)
        .hasMessageContaining(missing + ": field \"access_rules.repositories\"")
        .hasMessageContaining("expected an existing file or directory");
  }

  @Test
  void inlineIsBase64AsOathkeeperReadsIt() {
    String rules = "[{\"id\": \"inline\"}]";
    String url = RuleRepository.INLINE + Base64.getEncoder().encodeToString(rules.getBytes(StandardCharsets.UTF_8));
    InlineRuleSource source = new InlineRuleSource(url, "access_rules.repositories[1] (inline)");
    assertThat(source.read()).containsExactly(new RuleDocument("access_rules.repositories[1] (inline)", rules));
    assertThat(source.location()).isEqualTo("access_rules.repositories[1] (inline)");
  }
}
