package io.portcullis.rules.match;

import io.portcullis.rules.AccessRule;
import io.portcullis.rules.MatchingStrategy;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleOverlap;
import io.portcullis.rules.RuleProblem;
import io.portcullis.rules.url.RequestUrl;

import io.portcullis.rules.match.InvalidPatternException;
import io.portcullis.rules.match.OverlapFinder;
import io.portcullis.rules.match.PrefixTrie;
import io.portcullis.rules.match.RankedRule;
import io.portcullis.rules.match.UrlPattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled, immutable rule set that finds the rule deciding a request.
 *
 * <p>A rule matches when the request method is one of its {@code match.methods} (compared case-insensitively, as
 * Oathkeeper does) and its {@code match.url} pattern matches the whole {@link RequestUrl#matchTarget()}. Of several
 * matching rules the one with the highest priority wins, and at equal priority the one loaded first: a request is
 * never refused for matching two rules (Oathkeeper answers 500); such pairs are reported by {@link #overlaps()} when
 * the set is built instead.
 *
 * <p>Rules are indexed by the literal text before the first {@code <} of their pattern, so a request only evaluates
 * rules whose literal prefix starts its URL, in matching order, and stops at the first match.
 *
 * @param <T> what callers attach to each rule (e.g. its compiled handler pipeline), returned with the match
 */
public final class RuleSetIndex<T> {

  /** A rule and what the caller attaches to it. */
  public record Entry<T>(AccessRule rule, T payload) {}

  private final List<AccessRule> rules;
  private final Map<String, AccessRule> byId;
  /** Everything below is indexed by rank: priority descending, then load order. */
  private final List<RankedRule> ranked;
  private final List<T> payloads;
  private final PrefixTrie trie;
  private final OverlapFinder.Result overlaps;

  private RuleSetIndex(List<AccessRule> rules, Map<String, AccessRule> byId, List<RankedRule> ranked,
      List<T> payloads) {
    this.rules = rules;
    this.byId = byId;
    this.ranked = ranked;
    this.payloads = payloads;
    this.trie = new PrefixTrie();
    for (int rank = 0; rank < ranked.size(); rank++) {
      trie.put(ranked.get(rank).pattern().literalPrefix(), rank);
    }
    this.overlaps = OverlapFinder.find(ranked, trie);
  }

  /**
   * Compiles every pattern with {@code strategy}, checks ids are unique across the whole set and computes overlaps.
   *
   * @throws RuleException listing every pattern that does not compile (field {@code match.url}) and every duplicate id
   */
  public static <T> RuleSetIndex<T> build(List<Entry<T>> entries, MatchingStrategy strategy) throws RuleException {
    List<RuleProblem> problems = new ArrayList<>();
    Map<String, AccessRule> byId = new HashMap<>();
    List<RankedRule> compiled = new ArrayList<>(entries.size());
    for (Entry<T> entry : entries) {
      AccessRule rule = entry.rule();
      AccessRule first = byId.putIfAbsent(rule.id(), rule);
      if (first != null) {
        problems.add(new RuleProblem(rule.origin(), rule.id(), "id", rule.id(),
            "a unique id (already used by a rule from " + first.origin() + ")"));
      }
      try {
        compiled.add(new RankedRule(rule, UrlPattern.compile(rule.match().url(), strategy), compiled.size()));
      } catch (InvalidPatternException e) {
        problems.add(new RuleProblem(rule.origin(), rule.id(), "match.url", rule.match().url(),
            "a valid " + strategy.name().toLowerCase(Locale.ROOT) + " pattern (" + e.getMessage() + ")"));
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    Comparator<RankedRule> matchingOrder = Comparator
        .comparingInt((RankedRule r) -> -r.rule().priority())
        .thenComparingInt(RankedRule::loadOrder);
    List<RankedRule> ranked = compiled.stream().sorted(matchingOrder).toList();
    List<T> payloads = ranked.stream().map(r -> entries.get(r.loadOrder()).payload()).toList();
    List<AccessRule> rules = entries.stream().map(Entry::rule).toList();
    return new RuleSetIndex<>(rules, Map.copyOf(byId), ranked, payloads);
  }

  /** The rule deciding this request, or null when no rule matches. */
  public RuleMatchResult<T> match(String method, RequestUrl url) {
    String upperMethod = method.toUpperCase(Locale.ROOT);
    String target = url.matchTarget();
    List<int[]> buckets = trie.valuesAlong(target);
    int[] next = new int[buckets.size()];
    while (true) {
      // Merge the candidate buckets (each ascending by rank) so rules are tried in matching order.
      int best = -1;
      for (int b = 0; b < buckets.size(); b++) {
        if (next[b] < buckets.get(b).length
            && (best < 0 || buckets.get(b)[next[b]] < buckets.get(best)[next[best]])) {
          best = b;
        }
      }
      if (best < 0) {
        return null;
      }
      int rank = buckets.get(best)[next[best]++];
      RankedRule candidate = ranked.get(rank);
      if (candidate.rule().match().methods().contains(upperMethod)) {
        List<String> captures = candidate.pattern().match(target);
        if (captures != null) {
          return new RuleMatchResult<>(candidate.rule(), payloads.get(rank), captures);
        }
      }
    }
  }

  /** Pairs of rules with equal priority, a common method and URLs both match; the first of each pair wins. */
  public List<RuleOverlap> overlaps() {
    return overlaps.overlaps();
  }

  /**
   * Ids of rules that could not be checked for overlaps because their regexp uses a construct automata cannot
   * express (look-around, back-references, flags, anchors...). They still match correctly.
   */
  public List<String> unverifiedOverlapRules() {
    return overlaps.unverifiedRules();
  }

  public int size() {
    return rules.size();
  }

  /** All rules, in load order. */
  public List<AccessRule> rules() {
    return rules;
  }

  public Optional<AccessRule> rule(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
