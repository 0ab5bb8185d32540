package io.portcullis.ruleset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.contracts.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says where and why the rules in force are not what the sources hold now: a refused change (the last good set keeps
 * serving) and sources that serve their last good documents (a failing fetch, a deleted ConfigMap, an invalid Rule
 * resource). Each change of that text is logged once and published on {@link Addresses#RULESET_REJECTED}, which
 * {@code /health/ready} shows; metrics {@code rules_changes_refused_total} and {@code rules_sources_degraded} count
 * them. Thread-safe: sources report from the reload worker, the verdicts from the event loop.
 */
final class RuleHealth {
  private static final Logger LOG = LoggerFactory.getLogger(RuleHealth.class);

  private final Vertx vertx;
  private final Counter refusals;
  private List<String> degraded = List.of();
  private String refusal = "";
  private String published = "";
  private String servingVersion = "";

  RuleHealth(Vertx vertx, MeterRegistry meters, String prefix) {
    this.vertx = vertx;
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
    refusal = "rule change refused, version " + servingVersion + " keeps serving:\n" + problems;
    publishIfChanged();
  }

  synchronized void accepted(String version) {
    servingVersion = version;
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
      LOG.info("rule sources are current again: version {} is what they hold", servingVersion);
    } else {
      LOG.error("{}", text);
    }
    vertx.eventBus().publish(Addresses.RULESET_REJECTED, new JsonObject()
        .put("serving_version", servingVersion).put("problems", text));
  }
}
