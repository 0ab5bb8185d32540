package io.portcullis.pipeline;

import io.portcullis.contracts.Addresses;
import io.portcullis.contracts.RulesetMessage;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.parse.RuleParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a verticle on the rule set in force: listens for published sets, asks for the current one at start, and
 * hands each newer version to {@code onRuleset} once compiled. A set the rules role of this node compiled already is
 * taken from the node's shared map; one from another node is compiled here, off the event loop.
 */
public final class RulesetSubscription {
  /** Node-local map from checksum to compiled set, filled by the rules role. */
  public static final String COMPILED_MAP = "portcullis.rulesets.compiled";

  private static final Logger LOG = LoggerFactory.getLogger(RulesetSubscription.class);

  private final Vertx vertx;
  private final PipelineCompiler compiler;
  private final Consumer<CompiledRuleSet> onRuleset;
  private MessageConsumer<JsonObject> consumer;
  private long version = -1;

  public RulesetSubscription(Vertx vertx, PipelineCompiler compiler, Consumer<CompiledRuleSet> onRuleset) {
    this.vertx = vertx;
    this.compiler = compiler;
    this.onRuleset = onRuleset;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.RULESET, msg -> accept(msg.body()));
    return consumer.completion().compose(v -> vertx.eventBus().<JsonObject>request(Addresses.RULESET_CURRENT, null)
        .compose(reply -> accept(reply.body()))
        .recover(err -> {
          // No rules role answering yet (it may start later or on another node): the published set will come.
          if (!(err instanceof ReplyException)) {
            LOG.warn("asking for the current rule set failed", err);
          }
          return Future.succeededFuture();
        }));
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private Future<Void> accept(JsonObject body) {
    if (body == null) {
      return Future.succeededFuture();
    }
    RulesetMessage message = RulesetMessage.fromJson(body);
    if (message.version() <= version) {
      return Future.succeededFuture();
    }
    LocalMap<String, CompiledRuleSet> compiled = vertx.sharedData().getLocalMap(COMPILED_MAP);
    CompiledRuleSet local = compiled.get(message.checksum());
    Future<CompiledRuleSet> ready = local != null && local.version() == message.version()
        ? Future.succeededFuture(local)
        : vertx.executeBlocking(() -> compile(message), false);
    return ready.map(set -> {
      if (set.version() > version) {
        version = set.version();
        onRuleset.accept(set);
      }
      return (Void) null;
    }).onFailure(err -> LOG.error("rule set version {} cannot be used here: {}", message.version(),
        err.getMessage()));
  }

  private CompiledRuleSet compile(RulesetMessage message) throws RuleException {
    List<AccessRule> rules = RuleParser.parse("rule set v" + message.version(), message.rules().encode());
    return compiler.compile(rules, message.version(), message.checksum());
  }
}
