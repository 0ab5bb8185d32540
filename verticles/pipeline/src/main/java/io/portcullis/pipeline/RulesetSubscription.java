package io.portcullis.pipeline;

import io.portcullis.contracts.Addresses;
import io.portcullis.contracts.RulesetMessage;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.parse.RuleParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a verticle on the rule set in force: listens for published sets, asks for the current one at start and, on a
 * clustered node, again every {@code recheck} (so a node that joined late, missed a publication or was cut off from
 * the cluster catches up), and hands each later set to {@code onRuleset} once compiled. A set the rules role of this
 * node compiled already is taken from the node's shared map; one from another JVM is compiled here, off the event loop.
 */
public final class RulesetSubscription {
  /** Node-local map from version (content hash) to compiled set, filled by the rules role. */
  public static final String COMPILED_MAP = "portcullis.rulesets.compiled";

  private static final Logger LOG = LoggerFactory.getLogger(RulesetSubscription.class);
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final PipelineCompiler compiler;
  private final Consumer<CompiledRuleSet> onRuleset;
  private final Duration recheck;
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;
  private long serial = -1;
  private String version;

  /** @param recheck how often a clustered node asks for the set in force; zero never asks again */
  public RulesetSubscription(Vertx vertx, PipelineCompiler compiler, Duration recheck,
      Consumer<CompiledRuleSet> onRuleset) {
    this.vertx = vertx;
    this.compiler = compiler;
    this.recheck = recheck;
    this.onRuleset = onRuleset;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.RULESET, msg -> accept(msg.body()));
    if (vertx.isClustered() && !recheck.isZero()) {
      timer = vertx.setPeriodic(recheck.toMillis(), id -> ask());
    }
    return consumer.completion().compose(v -> ask());
  }

  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Never fails: with no rules role answering yet (starting, or on a node being replaced) the next ask or publication brings the set. */
  private Future<Void> ask() {
    return vertx.eventBus().<JsonObject>request(Addresses.RULESET_CURRENT,
            version == null ? null : new JsonObject().put("version", version), ASK)
        .compose(reply -> accept(reply.body()))
        .recover(err -> {
          LOG.debug("asking for the rule set in force: {}", err.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> accept(JsonObject body) {
    if (body == null || body.getBoolean("unchanged", false)) {
      return Future.succeededFuture();
    }
    RulesetMessage message = RulesetMessage.fromJson(body);
    if (message.serial() <= serial) {
      return Future.succeededFuture();
    }
    if (message.version().equals(version)) {
      // The same rules published again (a new rules leader): nothing to swap.
      serial = message.serial();
      return Future.succeededFuture();
    }
    LocalMap<String, CompiledRuleSet> compiled = vertx.sharedData().getLocalMap(COMPILED_MAP);
    CompiledRuleSet local = compiled.get(message.version());
    Future<CompiledRuleSet> ready = local != null && local.serial() == message.serial()
        ? Future.succeededFuture(local)
        : vertx.executeBlocking(() -> compile(message), false);
    return ready.map(set -> {
      if (set.serial() > serial) {
        serial = set.serial();
        version = set.version();
        onRuleset.accept(set);
      }
      return (Void) null;
    }).onFailure(err -> LOG.error("rule set version {} cannot be used here: {}", message.version(),
        err.getMessage()));
  }

  private CompiledRuleSet compile(RulesetMessage message) throws RuleException {
    List<AccessRule> rules = RuleParser.parse("rule set " + message.version(), message.rules().encode());
    return compiler.compile(rules, message.serial(), message.version());
  }
}
