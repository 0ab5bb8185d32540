package io.portcullis.ruleset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.contracts.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says where and why the rules in force are not what the sources hold now: a refused change (the last good set keeps
 * serving) and sources that serve their last good documents (a failing fetch, a deleted ConfigMap, an invalid Rule
 * resource). Each change of that text is logged once and published on {@link Addresses#RULESET_REJECTED}, which
 * {@code /health/ready} shows; metrics {@code rules_changes_refused_total} and {@code rules_sources_degraded} count
 * them, and {@code rules_in_force{version}} shows the set this rules role publishes. Thread-safe: sources report from
 * the reload worker, the verdicts from the event loop.
 */
final class RuleHealth {
  private static final Logger LOG = LoggerFactory.getLogger(RuleHealth.class);

  private final Vertx vertx;
  private final MeterRegistry meters;
  private final String prefix;
  private Gauge inForce;
  private final Counter refusals;
  private List<String> degraded = List.of();
  private String refusal = "";
  private String published = "";
  private final Supplier<String> servingVersion;

  /** @param servingVersion the version of the set in force, whichever rules leader published it; "" before any */
  RuleHealth(Vertx vertx, MeterRegistry meters, String prefix, Supplier<String> servingVersion) {
    this.vertx = vertx;
    this.meters = meters;
    this.prefix = prefix;
    this.servingVersion = servingVersion;
    this.refusals = Counter.builder(prefix + "rules_changes_refused_total")
        .description("Rule changes refused because they did not validate; the last good set kept serving")
        .register(meters);
    Gauge.builder(prefix + "rules_sources_degraded", this, h -> h.degradedCount())
        .description("Problems with rule sources that serve their last good documents (fetch failing, invalid Rule)")
        .register(meters);
  }

  private synchronized int degradedCount() {
    return degraded.size();
  }

  synchronized void sources(List<String> why) {
    degraded = List.copyOf(why);
    publishIfChanged();
  }

  synchronized void refused(String problems) {
    refusals.increment();
    refusal = "rule change refused, version " + servingVersion.get() + " keeps serving:\n" + problems;
    publishIfChanged();
  }

  /** The set {@code version} of {@code rules} rules is in force; its gauge replaces the previous version's. */
  synchronized void accepted(String version, int rules) {
    if (inForce != null) {
      meters.remove(inForce);
    }
    inForce = Gauge.builder(prefix + "rules_in_force", () -> rules)
        .description("Rules in the set this rules role published, labelled with the set's version (its SHA-256)")
        .tag("version", version).register(meters);
    refusal = "";
    publishIfChanged();
  }

  private void publishIfChanged() {
    String text = String.join("\n", degraded) + (degraded.isEmpty() || refusal.isEmpty() ? "" : "\n") + refusal;
    if (text.equals(published)) {
      return;
    }
    published = text;
    if (text.isEmpty()) {
      LOG.info("rule sources are current again: version {} is what they hold", servingVersion.get());
    } else {
      LOG.error("{}", text);
    }
    vertx.eventBus().publish(Addresses.RULESET_REJECTED, new JsonObject()
        .put("serving_version", servingVersion.get()).put("problems", text));
  }
}
