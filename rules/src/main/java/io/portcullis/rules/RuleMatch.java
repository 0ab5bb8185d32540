package io.portcullis.rules;

import java.util.List;
import java.util.Objects;

/**
 * What a rule applies to.
 *
 * @param url the URL pattern: literal outside {@code <} {@code >}, a regexp or glob inside (see
 *     {@link MatchingStrategy})
 * @param methods upper-case HTTP methods, never empty for a parsed rule
 */
public record RuleMatch(String url, List<String> methods) {

  public RuleMatch {
    Objects.requireNonNull(url, "url");
    methods = List.copyOf(methods);
  }
}
