package io.portcullis.rules;

import io.portcullis.rules.match.RuleMatchResult;
import io.portcullis.rules.match.RuleSetIndex;
import io.portcullis.rules.url.EncodedSlashPolicy;
import io.portcullis.rules.url.UrlNormalizer;

import java.util.ArrayList;
import java.util.List;

/** Builds rules and indexes without rule files. */
final class TestRules {

  private static final UrlNormalizer NORMALIZER = new UrlNormalizer(EncodedSlashPolicy.REJECT);

  private TestRules() {}

  static AccessRule rule(String id, String url, int priority, String... methods) {
    List<String> allowed = methods.length == 0 ? List.of("GET") : List.of(methods);
    return new AccessRule(id, "", "", priority, new RuleMatch(url, allowed), Upstream.NONE,
        List.of(new HandlerRef("noop", null)), new HandlerRef("allow", null), List.of(new HandlerRef("noop", null)),
        List.of(), "test");
  }

  static RuleSetIndex<String> index(MatchingStrategy strategy, AccessRule... rules) throws RuleException {
    List<RuleSetIndex.Entry<String>> entries = new ArrayList<>();
    for (AccessRule rule : rules) {
      entries.add(new RuleSetIndex.Entry<>(rule, "payload-" + rule.id()));
    }
    return RuleSetIndex.build(entries, strategy);
  }

  /** Builds a one-rule index and tells whether {@code target} (a full URL) matches it. */
  static boolean matches(MatchingStrategy strategy, String pattern, String target) throws Exception {
    return match(index(strategy, rule("r", pattern, 0)), target) != null;
  }

  static <T> RuleMatchResult<T> match(RuleSetIndex<T> index, String target) throws Exception {
    return match(index, "GET", target);
  }

  static <T> RuleMatchResult<T> match(RuleSetIndex<T> index, String method, String target) throws Exception {
    int schemeEnd = target.indexOf("://");
    int pathStart = target.indexOf('/', schemeEnd + 3);
    String authority = pathStart < 0 ? target.substring(schemeEnd + 3) : target.substring(schemeEnd + 3, pathStart);
    String path = pathStart < 0 ? "/" : target.substring(pathStart);
    return index.match(method, NORMALIZER.normalize(target.substring(0, schemeEnd), authority, path));
  }
}
