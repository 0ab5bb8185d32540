package io.portcullis.ruleset;

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
import io.portcullis.ruleset.source.RuleDocument;
import io.portcullis.runtime.Sha256;
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
 * The rules role: reads the rule sources, validates and compiles them as one set, and publishes each new version (the
 * content hash of the set) on the event bus for every proxy of the cluster. Sources are polled every
 * {@code portcullis.rules.reload_interval}; a change that does not validate is refused as a whole and the last good
 * set keeps serving. A start without a valid set fails, so a node never serves on no rules by mistake. With several
 * rules roles in a cluster only the leader ({@link RulesLeadership}) reads and publishes; the others stand by.
 */
public final class RuleVerticle extends AbstractVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(RuleVerticle.class);
  /** How long a starting rules role waits to lead before it stands by (the lock is free unless another node leads). */
  private static final long FIRST_LEADER_WAIT_MS = 2_000;

  private final NodeServices services;
  private final AccessPipeline pipeline;
  private RuleSources sources;
  private List<RuleDocument> lastDocuments;
  private long handlerGeneration;
  /** Written on the event loop, read by the reload on a worker and by {@link RuleHealth}. */
  private volatile RulesetMessage current;
  private RulesLeadership leadership;
  private boolean reloading;
  private boolean reloadAgain;
  private RuleHealth health;

  public RuleVerticle(NodeServices services, AccessPipeline pipeline) {
    this.services = services;
    this.pipeline = pipeline;
  }

  @Override
  public void start(Promise<Void> started) {
    health = new RuleHealth(vertx, services.metrics(), services.config().serve().prometheus().metricNamePrefix(),
        () -> current == null ? "" : current.version());
    // On a worker: a Kubernetes client reads its kubeconfig or service-account files as it is made.
    vertx.executeBlocking(() -> new RuleSources(services.loaded(), RuleSources.checkWith(pipeline.compiler())), false)
        .compose(made -> {
          sources = made;
          listen();
          leadership = new RulesLeadership(vertx);
          // A lone or first node leads at once and starts only on a valid set; a standby starts at once.
          return leadership.contend(FIRST_LEADER_WAIT_MS, this::lead)
              .compose(leads -> leads ? lead() : Future.<Void>succeededFuture());
        })
        .onComplete(started);
  }

  private void listen() {
    // Watching sources (ConfigMaps, Rule resources) apply a change at once instead of at the next poll.
    sources.onChange(() -> vertx.runOnContext(v -> requestReload()));
    // Every rules role answers, leader or standby: any of them can bring an asking node up to date.
    vertx.eventBus().<JsonObject>consumer(Addresses.RULESET_CURRENT, msg -> {
      if (current == null) {
        msg.fail(503, "no rule set loaded yet");
      } else if (msg.body() != null && current.version().equals(msg.body().getString("version"))) {
        msg.reply(new JsonObject().put("version", current.version()).put("unchanged", true));
      } else {
        msg.reply(current.toJson());
      }
    });
    // A standby follows the leader's publications, so it answers the above and a takeover continues the serials.
    vertx.eventBus().<JsonObject>consumer(Addresses.RULESET, msg -> {
      RulesetMessage heard = RulesetMessage.fromJson(msg.body());
      if (current == null || heard.serial() > current.serial()) {
        current = heard;
      }
    });
  }

  /** Loads the sources now and then every {@code reload_interval} (a failed first load is retried there too). */
  private Future<Void> lead() {
    return reload().andThen(v -> {
      long interval = services.config().portcullis().rules().interval().toMillis();
      if (interval > 0) {
        vertx.setPeriodic(interval, id -> requestReload());
      }
    });
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
      if (snapshot.documents().equals(lastDocuments) && generation == handlerGeneration) {
        return null;
      }
      handlerGeneration = generation;
      // Remembered before validating, so a broken file is reported once, not at every poll.
      lastDocuments = snapshot.documents();
      List<AccessRule> rules = RuleSources.parse(snapshot);
      JsonArray json = RuleJson.toJson(rules);
      String version = versionOf(json);
      // Above every serial heard, whichever leader published it; the clock keeps serials growing across restarts.
      long next = Math.max(current == null ? 0 : current.serial() + 1, System.currentTimeMillis());
      CompiledRuleSet compiled = pipeline.compiler().compile(rules, next, version);
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
    LocalMap<String, CompiledRuleSet> map = vertx.sharedData().getLocalMap(RulesetSubscription.COMPILED_MAP);
    map.clear();
    map.put(set.version(), set);
    JsonArray files = new JsonArray(sources.locations());
    current = new RulesetMessage(set.version(), set.serial(), loaded.json(), files);
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
    health.accepted(set.version(), set.index().size());
  }

  @Override
  public void stop(Promise<Void> stopped) {
    if (leadership != null) {
      leadership.stop();
    }
    vertx.executeBlocking(() -> {
      if (sources != null) {
        sources.close();
      }
      return null;
    }, false).<Void>mapEmpty().onComplete(stopped);
  }

  /** The SHA-256 of the canonical rules JSON ({@link RulesetMessage#version()}). */
  private static String versionOf(JsonArray json) {
    return HexFormat.of().formatHex(Sha256.digest(json.encode().getBytes(StandardCharsets.UTF_8)));
  }

  private record Loaded(CompiledRuleSet compiled, JsonArray json) {
  }
}
