package io.portcullis.ruleset;

import io.portcullis.config.Durations;
import io.portcullis.contracts.Addresses;
import io.portcullis.contracts.RulesetMessage;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.RuleJson;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleOverlap;
import io.portcullis.node.NodeServices;
import io.portcullis.pipeline.RulesetSubscription;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules role: reads the rule sources, validates and compiles them as one set, and publishes each new version on
 * the event bus for every proxy of the cluster. Sources are polled every {@code portcullis.rules.reload_interval};
 * a change that does not validate is refused as a whole and the last good set keeps serving. A start without a valid
 * set fails, so a node never serves on no rules by mistake.
 */
public final class RuleVerticle extends AbstractVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(RuleVerticle.class);

  private final NodeServices services;
  private final AccessPipeline pipeline;
  private RuleSources sources;
  private String lastDigest;
  private long handlerGeneration;
  private RulesetMessage current;
  private long version;
  private boolean reloading;
  private boolean reloadAgain;
  private RuleHealth health;

  public RuleVerticle(NodeServices services, AccessPipeline pipeline) {
    this.services = services;
    this.pipeline = pipeline;
  }

  @Override
  public void start(Promise<Void> started) {
    sources = new RuleSources(services.loaded(), RuleSources.checkWith(pipeline.compiler()));
    health = new RuleHealth(vertx, services.metrics(), services.config().serve().prometheus().metricNamePrefix());
    // Watching sources (ConfigMaps, Rule resources) apply a change at once instead of at the next poll.
    sources.onChange(() -> vertx.runOnContext(v -> requestReload()));
    vertx.eventBus().<JsonObject>consumer(Addresses.RULESET_CURRENT, msg -> {
      if (current != null) {
        msg.reply(current.toJson());
      } else {
        msg.fail(503, "no rule set loaded yet");
      }
    });
    reload().onSuccess(v -> {
      long interval = Durations.parse("portcullis.rules.reload_interval",
          services.config().portcullis().rules().reloadInterval()).toMillis();
      if (interval > 0) {
        vertx.setPeriodic(interval, id -> requestReload());
      }
    }).onComplete(started);
  }

  /** Reloads now, or once more when the reload under way is done (it may have read the sources before the change). */
  private void requestReload() {
    if (reloading) {
      reloadAgain = true;
    } else {
      reload();
    }
  }

  /** Reads, validates and, when the content changed, publishes. Fails only while nothing valid was ever loaded. */
  private Future<Void> reload() {
    reloading = true;
    return vertx.executeBlocking(() -> {
      // New plugin files make new handlers available: rules that were refused for want of them may now compile.
      pipeline.handlers().loadNewPlugins();
      long generation = pipeline.handlers().generation();
      RuleSources.Snapshot snapshot = sources.read();
      health.sources(snapshot.degraded());
      if (snapshot.digest().equals(lastDigest) && generation == handlerGeneration) {
        return null;
      }
      handlerGeneration = generation;
      // Remembered before validating, so a broken file is reported once, not at every poll.
      lastDigest = snapshot.digest();
      List<AccessRule> rules = RuleSources.parse(snapshot);
      JsonArray json = RuleJson.toJson(rules);
      String checksum = checksum(json);
      long next = Math.max(version + 1, System.currentTimeMillis());
      CompiledRuleSet compiled = pipeline.compiler().compile(rules, next, checksum);
      return new Loaded(compiled, json);
    }, false).compose(loaded -> {
      if (loaded != null) {
        publish(loaded);
      }
      return Future.<Void>succeededFuture();
    }, err -> {
      String problems = err instanceof RuleException re ? re.getMessage() : String.valueOf(err);
      if (current == null) {
        return Future.failedFuture(new IllegalStateException("the access rules are not valid:\n" + problems, err));
      }
      health.refused(problems);
      return Future.<Void>succeededFuture();
    }).andThen(done -> {
      reloading = false;
      if (reloadAgain && done.succeeded()) {
        reloadAgain = false;
        reload();
      }
    });
  }

  private void publish(Loaded loaded) {
    CompiledRuleSet set = loaded.compiled();
    version = set.version();
    LocalMap<String, CompiledRuleSet> map = vertx.sharedData().getLocalMap(RulesetSubscription.COMPILED_MAP);
    map.clear();
    map.put(set.checksum(), set);
    JsonArray files = new JsonArray(sources.locations());
    current = new RulesetMessage(set.version(), set.checksum(), loaded.json(), files);
    for (RuleOverlap overlap : set.overlaps()) {
      LOG.warn("rules {} and {} overlap at priority {}: {}; {} wins because it was loaded first; give one a "
          + "higher priority to make the choice explicit", overlap.ruleA(), overlap.ruleB(), overlap.priority(),
          overlap.reason(), overlap.ruleA());
    }
    if (!set.index().unverifiedOverlapRules().isEmpty()) {
      LOG.warn("rules {} use regular expressions that cannot be checked for overlaps (look-arounds, back-references);"
          + " they match correctly, but equal-priority overlaps with them are not reported",
          set.index().unverifiedOverlapRules());
    }
    LOG.info("rule set version {} in force: {} rules from {}", set.version(), set.index().size(), files);
    vertx.eventBus().publish(Addresses.RULESET, current.toJson());
    health.accepted(set.version());
  }

  @Override
  public void stop(Promise<Void> stopped) {
    vertx.executeBlocking(() -> {
      if (sources != null) {
        sources.close();
      }
      return null;
    }, false).<Void>mapEmpty().onComplete(stopped);
  }

  private static String checksum(JsonArray json) {
    return HexFormat.of().formatHex(RuleSources.sha256().digest(json.encode().getBytes(StandardCharsets.UTF_8)));
  }

  private record Loaded(CompiledRuleSet compiled, JsonArray json) {
  }
}
