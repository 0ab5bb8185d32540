package io.portcullis.identity.hook;

import io.portcullis.config.IdentityConfig;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured hooks of every flow, as Kratos does: {@code before.hooks} when a flow is created; after a
 * successful submission the method's own hooks ({@code after.<method>.hooks}) or, when none of them runs at that
 * stage, the flow-wide ones ({@code after.hooks}); pre-persist hooks only from the method's list. Hooks of a list run
 * in their configured order, {@code session} last; the first failure stops the rest and fails the flow. All hooks are
 * built at start, so an unknown name fails the start with its key path.
 */
public final class HookRunner {
  private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);
  private final Map<String, List<Hook>> before = new HashMap<>();
  private final Map<String, List<Hook>> after = new HashMap<>();
  private final Map<String, Map<String, List<Hook>>> afterByMethod = new HashMap<>();

  private HookRunner() {
  }

  /** Builds every hook {@code config} names with {@code registry}. */
  public static HookRunner of(IdentityConfig config, HookRegistry registry) {
    HookRunner r = new HookRunner();
    for (IdentityConfig.HookList list : config.hookLists()) {
      List<Hook> hooks = new ArrayList<>();
      for (int i = 0; i < list.hooks().size(); i++) {
        hooks.add(registry.create(list.hooks().get(i), list.path() + "[" + i + "]"));
      }
      List<Hook> ordered = new ArrayList<>(hooks.stream().filter(h -> !h.runsLast()).toList());
      ordered.addAll(hooks.stream().filter(Hook::runsLast).toList());
      if (list.before()) {
        r.before.put(list.flow(), List.copyOf(ordered));
      } else if (list.method() == null) {
        r.after.put(list.flow(), List.copyOf(ordered));
      } else {
        r.afterByMethod.computeIfAbsent(list.flow(), k -> new HashMap<>()).put(list.method(), List.copyOf(ordered));
      }
    }
    return r;
  }

  /** Runs {@code before.hooks} of {@code flow}; call it when the flow is created, before it is stored. */
  public Future<Void> before(String flow, HookContext ctx) {
    return run(HookStage.BEFORE, flow, at(HookStage.BEFORE, flow, before.getOrDefault(flow, List.of())), ctx);
  }

  /**
   * Runs the pre-persist hooks of {@code method} (registration and settings): after the submission was accepted,
   * before the identity ({@link HookContext#identity}) is written. Hooks may replace the identity or interrupt.
   */
  public Future<Void> prePersist(String flow, String method, HookContext ctx) {
    return run(HookStage.PRE_PERSIST, flow, at(HookStage.PRE_PERSIST, flow, methodHooks(flow, method)), ctx);
  }

  /**
   * Runs the after-hooks of {@code method} (or the flow-wide ones) in the flow's transaction
   * ({@link HookContext#transaction}), once the flow's result is written there. Then, after the commit, call
   * {@link #committed}.
   */
  public Future<Void> post(String flow, String method, HookContext ctx) {
    return run(HookStage.POST, flow, postHooks(flow, method), ctx);
  }

  /** Runs what hooks left for after the commit ({@link HookContext#afterCommit}), in order. */
  public Future<Void> committed(HookContext ctx) {
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<Void>> work : ctx.takeAfterCommit()) {
      chain = chain.compose(x -> work.get());
    }
    return chain;
  }

  /** The hooks {@link #post} runs for {@code flow} completed by {@code method}. */
  List<Hook> postHooks(String flow, String method) {
    List<Hook> own = at(HookStage.POST, flow, methodHooks(flow, method));
    return own.isEmpty() ? at(HookStage.POST, flow, after.getOrDefault(flow, List.of())) : own;
  }

  private List<Hook> methodHooks(String flow, String method) {
    return method == null ? List.of() : afterByMethod.getOrDefault(flow, Map.of()).getOrDefault(method, List.of());
  }

  private static List<Hook> at(HookStage stage, String flow, List<Hook> hooks) {
    return hooks.stream().filter(h -> h.runsAt(stage, flow)).toList();
  }

  private static Future<Void> run(HookStage stage, String flow, List<Hook> hooks, HookContext ctx) {
    Future<Void> chain = Future.succeededFuture();
    for (Hook h : hooks) {
      chain = chain.compose(x -> {
        LOG.debug("{} hook {} of flow {} ({})", stage, h.getClass().getSimpleName(), ctx.flowId(), flow);
        return h.run(stage, ctx);
      });
    }
    return chain;
  }
}
