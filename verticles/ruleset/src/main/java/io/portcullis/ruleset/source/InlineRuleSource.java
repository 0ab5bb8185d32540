package io.portcullis.ruleset.source;

import io.portcullis.config.RuleRepository;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Oathkeeper's {@code inline://BASE64}: rules carried in the configuration itself, standard base64 of JSON or YAML
 * (checked when the configuration is loaded).
 */
public final class InlineRuleSource implements RuleSource {
  private final RuleDocument document;

  /** @param name what problems call it, e.g. {@code access_rules.repositories[2] (inline)}: the URL is unreadable */
  public InlineRuleSource(String location, String name) {
    byte[] text = Base64.getDecoder().decode(location.substring(RuleRepository.INLINE.length()));
    this.document = new RuleDocument(name, new String(text, StandardCharsets.UTF_8));
  }

  @Override
  public String location() {
    return document.name();
  }

  @Override
  public List<RuleDocument> read() {
    return List.of(document);
  }
}
