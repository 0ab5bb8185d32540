package io.portcullis.pipeline.ratelimit;

import io.portcullis.config.PortcullisConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@code portcullis.proxy.rate_limits}, bound to rules by id when a rule set is compiled. The buckets of a
 * rule outlive the rule set they were compiled with: a reload does not refill them. Per node, not per cluster: a
 * shared count would cost a network round trip per request (docs/configuration.md#rate-limits).
 */
public final class EdgeRateLimits {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeRateLimits.class);

  private final List<PortcullisConfig.RateLimit> configs;
  private final List<Pattern> patterns = new ArrayList<>();
  private final ConcurrentHashMap<String, RuleRateLimits> bound = new ConcurrentHashMap<>();

  public EdgeRateLimits(List<PortcullisConfig.RateLimit> configs) {
    this.configs = List.copyOf(configs);
    for (PortcullisConfig.RateLimit c : configs) {
      patterns.add(glob(c.rule()));
    }
  }

  /** The limits of rule {@code id}, the same instance for every set it is compiled in; null when none applies. */
  public RuleRateLimits forRule(String id) {
    if (configs.isEmpty()) {
      return null;
    }
    return bound.computeIfAbsent(id, this::bind);
  }

  /**
   * After a set was compiled: forgets the buckets of rules it no longer has, and warns about every configured limit
   * that applies to none of its rules (a typo in a rule id must not go unnoticed; it is not an error, since rule
   * sets change while the configuration stays).
   */
  public void compiled(Collection<String> ruleIds, String version) {
    if (configs.isEmpty()) {
      return;
    }
    Set<String> ids = Set.copyOf(ruleIds);
    bound.keySet().retainAll(ids);
    unmatched(ids, version).forEach(LOG::warn);
  }

  /** One message per configured limit that applies to none of {@code ids}: the field, the value, what was expected. */
  List<String> unmatched(Set<String> ids, String version) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      Pattern p = patterns.get(i);
      if (ids.stream().noneMatch(id -> p.matcher(id).matches())) {
        out.add("portcullis.proxy.rate_limits[" + i + "].rule: \"" + configs.get(i).rule() + "\" matches no rule of "
            + "rule set " + version + ": expected the id of a rule, or a glob such as \"admin-*\"");
      }
    }
    return out;
  }

  private RuleRateLimits bind(String id) {
    List<RateLimit> before = new ArrayList<>();
    List<RateLimit> bySubject = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      if (patterns.get(i).matcher(id).matches()) {
        RateLimit limit = new RateLimit(configs.get(i), "portcullis.proxy.rate_limits[" + i + "]",
            System.nanoTime());
        (limit.key == RateLimit.Key.SUBJECT ? bySubject : before).add(limit);
      }
    }
    // computeIfAbsent stores nothing for null: a rule without limits costs CompiledRule a null field, nothing more.
    return before.isEmpty() && bySubject.isEmpty() ? null
        : new RuleRateLimits(before.toArray(RateLimit[]::new), bySubject.toArray(RateLimit[]::new));
  }

  /** {@code *} matches any run of characters; everything else is literal. */
  static Pattern glob(String rule) {
    StringBuilder regex = new StringBuilder();
    int from = 0;
    for (int star = rule.indexOf('*'); star >= 0; star = rule.indexOf('*', from)) {
      regex.append(Pattern.quote(rule.substring(from, star))).append(".*");
      from = star + 1;
    }
    return Pattern.compile(regex.append(Pattern.quote(rule.substring(from))).toString(), Pattern.DOTALL);
  }
}
