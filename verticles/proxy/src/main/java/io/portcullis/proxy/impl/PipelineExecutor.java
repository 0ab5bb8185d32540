package io.portcullis.proxy.impl;

import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.errors.PipelineFailure;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Outcome;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a rule's pipeline for one request: authenticators in order (the first that succeeds wins, "not responsible"
 * passes on), the authorizer, then the mutators. Handlers that answer synchronously cost no allocation beyond their
 * result; asynchronous ones are awaited with a timeout and resumed on the request's event loop. Every failure mode of
 * a handler (exception, null, timeout, an outcome kind the stage does not allow) denies.
 */
public final class PipelineExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineExecutor.class);

  private final Vertx vertx;
  private final long timeoutMillis;

  public PipelineExecutor(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
  }

  /** Calls {@code done} with null when the request is granted (session filled), else with the failure. */
  public void run(CompiledRule rule, AccessRequest request, AuthSession session, Consumer<PipelineFailure> done) {
    new Run(rule, request, session, done).authenticate(0);
  }

  private final class Run {
    private final CompiledRule rule;
    private final AccessRequest request;
    private final AuthSession session;
    private final Consumer<PipelineFailure> done;

    Run(CompiledRule rule, AccessRequest request, AuthSession session, Consumer<PipelineFailure> done) {
      this.rule = rule;
      this.request = request;
      this.session = session;
      this.done = done;
    }

    void authenticate(int i) {
      if (i == rule.authenticators().size()) {
        done.accept(PipelineFailure.unauthorized("no authenticator was responsible for this request", null));
        return;
      }
      CompiledRule.Step<io.portcullis.spi.Authenticator> step = rule.authenticators().get(i);
      call(step.id(), () -> step.handler().authenticate(request, session), outcome -> {
        switch (outcome.kind()) {
          case SUCCESS -> authorize();
          case NOT_RESPONSIBLE -> authenticate(i + 1);
          default -> fail(outcome, step.id());
        }
      });
    }

    void authorize() {
      CompiledRule.Step<io.portcullis.spi.Authorizer> step = rule.authorizer();
      call(step.id(), () -> step.handler().authorize(request, session), outcome -> {
        if (outcome.kind() == Outcome.Kind.SUCCESS) {
          mutate(0);
        } else {
          fail(outcome, step.id());
        }
      });
    }

    void mutate(int i) {
      if (i == rule.mutators().size()) {
        done.accept(null);
        return;
      }
      CompiledRule.Step<io.portcullis.spi.Mutator> step = rule.mutators().get(i);
      call(step.id(), () -> step.handler().mutate(request, session), outcome -> {
        if (outcome.kind() == Outcome.Kind.SUCCESS) {
          mutate(i + 1);
        } else {
          fail(outcome, step.id());
        }
      });
    }

    private void fail(Outcome outcome, String handler) {
      if (outcome.kind() == Outcome.Kind.DENIED) {
        done.accept(new PipelineFailure(outcome.status(), outcome.reason(), handler));
      } else {
        String reason = outcome.kind() == Outcome.Kind.NOT_RESPONSIBLE
            ? "handler answered not-responsible where a decision is required" : outcome.reason();
        LOG.warn("rule {}: handler {} failed: {}", rule.id(), handler, reason);
        done.accept(PipelineFailure.internal(reason, handler));
      }
    }

    private void call(String handler, Supplier<CompletionStage<Outcome>> invocation, Consumer<Outcome> next) {
      CompletionStage<Outcome> stage;
      try {
        stage = invocation.get();
      } catch (Throwable t) {
        next.accept(Outcome.error("handler " + handler + " threw " + t));
        return;
      }
      if (stage == null) {
        next.accept(Outcome.error("handler " + handler + " returned no result"));
        return;
      }
      CompletableFuture<Outcome> future;
      try {
        future = stage.toCompletableFuture();
      } catch (UnsupportedOperationException e) {
        future = null;
      }
      if (future != null && future.isDone()) {
        next.accept(resultOf(handler, future));
        return;
      }
      awaitAsync(handler, stage, next);
    }

    private void awaitAsync(String handler, CompletionStage<Outcome> stage, Consumer<Outcome> next) {
      Context context = vertx.getOrCreateContext();
      AtomicBoolean settled = new AtomicBoolean();
      long timer = vertx.setTimer(timeoutMillis, id -> {
        if (settled.compareAndSet(false, true)) {
          next.accept(Outcome.error("handler " + handler + " did not answer within " + timeoutMillis + " ms"));
        }
      });
      stage.whenComplete((outcome, error) -> context.runOnContext(v -> {
        if (settled.compareAndSet(false, true)) {
          vertx.cancelTimer(timer);
          next.accept(error != null ? Outcome.error("handler " + handler + " failed: " + error)
              : outcome == null ? Outcome.error("handler " + handler + " returned no result") : outcome);
        }
      }));
    }

    private Outcome resultOf(String handler, CompletableFuture<Outcome> future) {
      try {
        Outcome outcome = future.getNow(null);
        return outcome == null ? Outcome.error("handler " + handler + " returned no result") : outcome;
      } catch (Exception e) {
        return Outcome.error("handler " + handler + " failed: " + e.getCause());
      }
    }
  }
}
