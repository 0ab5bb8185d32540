package io.portcullis.pipeline;

import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.errors.PipelineFailure;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Outcome;
import io.portcullis.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
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
 * passes on), the authorizer, then the mutators.
 *
 * <p>Every handler call is wrapped the same way, built-in or third-party: timed into the handler's meters, and
 * isolated so that a handler that throws, returns null, answers an outcome its stage does not allow, keeps the event
 * loop longer than the blocked threshold or never answers (timeout) denies this request with a 500 naming the rule
 * and the handler, is logged and counted, and affects nothing else. Synchronous answers cost no allocation beyond the
 * result; asynchronous ones resume on the request's event loop.
 *
 * <p>With tracing on, each call is a span named after its stage and handler id ({@code authenticate cookie_session}),
 * current while the handler runs, so what the handler does (a session check, an HTTP call) is its child.
 */
public final class PipelineExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineExecutor.class);

  private final Vertx vertx;
  private final Tracing tracing;
  private final long timeoutMillis;
  private final long blockedNanos;

  public PipelineExecutor(Vertx vertx, Tracing tracing, long timeoutMillis, long blockedMillis) {
    this.vertx = vertx;
    this.tracing = tracing;
    this.timeoutMillis = timeoutMillis;
    this.blockedNanos = blockedMillis * 1_000_000L;
  }

  /** Calls {@code done} with null when the request is granted (session filled), else with the failure. */
  public void run(CompiledRule rule, AccessRequest request, AuthSession session, Consumer<PipelineFailure> done) {
    new Run(rule, request, session, done).authenticate(0);
  }

  /**
   * A handler failure, as the host saw it.
   *
   * @param kind the metric label
   * @param summary what went wrong, safe to show clients (no exception text)
   * @param detail for the log
   */
  private record Failure(String kind, String summary, String detail) {
    Failure(String kind, String summary) {
      this(kind, summary, summary);
    }
  }

  private final class Run {
    private final CompiledRule rule;
    private final AccessRequest request;
    private final AuthSession session;
    private final Consumer<PipelineFailure> done;
    /** The span of the handler being called (calls are sequential), null when tracing is off. */
    private Span span;

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
      call("authenticate ", step, () -> step.handler().authenticate(request, session), outcome -> {
        switch (outcome.kind()) {
          case SUCCESS -> {
            session.endAuthentication();
            authorize();
          }
          case NOT_RESPONSIBLE -> authenticate(i + 1);
          default -> fail(step, outcome);
        }
      });
    }

    void authorize() {
      CompiledRule.Step<io.portcullis.spi.Authorizer> step = rule.authorizer();
      call("authorize ", step, () -> step.handler().authorize(request, session), outcome -> {
        if (outcome.kind() == Outcome.Kind.SUCCESS) {
          session.endAuthorization();
          mutate(0);
        } else {
          fail(step, outcome);
        }
      });
    }

    void mutate(int i) {
      if (i == rule.mutators().size()) {
        done.accept(null);
        return;
      }
      CompiledRule.Step<io.portcullis.spi.Mutator> step = rule.mutators().get(i);
      call("mutate ", step, () -> step.handler().mutate(request, session), outcome -> {
        if (outcome.kind() == Outcome.Kind.SUCCESS) {
          mutate(i + 1);
        } else {
          fail(step, outcome);
        }
      });
    }

    private void fail(CompiledRule.Step<?> step, Outcome outcome) {
      switch (outcome.kind()) {
        case DENIED -> done.accept(new PipelineFailure(outcome.status(), outcome.reason(), step.id()));
        case NOT_RESPONSIBLE -> broken(step, new Failure("invalid", "answered not-responsible where a decision is "
            + "required"));
        default -> broken(step, new Failure("error", "reported an error",
            "reported an error: " + outcome.reason()));
      }
    }

    private void broken(CompiledRule.Step<?> step, Failure failure) {
      endSpan("error");
      step.meters().recordError(failure.kind());
      String where = "rule \"" + rule.id() + "\": handler \"" + step.id() + "\" ";
      LOG.warn("{}{} ({}); request denied", where, failure.detail(), failure.kind());
      done.accept(PipelineFailure.internal(where + failure.summary(), step.id()));
    }

    private void call(String verb, CompiledRule.Step<?> step, Supplier<CompletionStage<Outcome>> invocation,
        Consumer<Outcome> next) {
      if (tracing.on()) {
        span = tracing.start(verb + step.id()).setAttribute(Tracing.RULE_ID, rule.id())
            .setAttribute(Tracing.HANDLER_ID, step.id());
        Consumer<Outcome> untraced = next;
        next = outcome -> {
          endSpan(outcome.kind().name().toLowerCase(java.util.Locale.ROOT));
          untraced.accept(outcome);
        };
      }
      long start = System.nanoTime();
      CompletionStage<Outcome> stage;
      try (Scope scope = span == null ? null : span.makeCurrent()) {
        stage = invocation.get();
      } catch (Throwable t) {
        step.meters().recordCall(System.nanoTime() - start);
        broken(step, new Failure("exception", "threw an exception", "threw " + t));
        return;
      }
      long syncNanos = System.nanoTime() - start;
      if (syncNanos > blockedNanos) {
        step.meters().recordCall(syncNanos);
        broken(step, new Failure("blocked", "kept the event loop for " + syncNanos / 1_000_000 + " ms"));
        return;
      }
      if (stage == null) {
        step.meters().recordCall(syncNanos);
        broken(step, new Failure("invalid", "returned no result"));
        return;
      }
      CompletableFuture<Outcome> future = completedOrNull(stage);
      if (future != null) {
        step.meters().recordCall(syncNanos);
        deliver(step, future, next);
        return;
      }
      awaitAsync(step, stage, start, next);
    }

    private void endSpan(String outcome) {
      Tracing.end(span, outcome);
      span = null;
    }

    private void deliver(CompiledRule.Step<?> step, CompletableFuture<Outcome> done, Consumer<Outcome> next) {
      Outcome outcome;
      try {
        outcome = done.getNow(null);
      } catch (Exception e) {
        broken(step, new Failure("exception", "failed", "failed: " + (e.getCause() == null ? e : e.getCause())));
        return;
      }
      if (outcome == null) {
        broken(step, new Failure("invalid", "returned no result"));
        return;
      }
      next.accept(outcome);
    }

    private void awaitAsync(CompiledRule.Step<?> step, CompletionStage<Outcome> stage, long start,
        Consumer<Outcome> next) {
      Context context = vertx.getOrCreateContext();
      AtomicBoolean settled = new AtomicBoolean();
      long timer = vertx.setTimer(timeoutMillis, id -> {
        if (settled.compareAndSet(false, true)) {
          step.meters().recordCall(System.nanoTime() - start);
          broken(step, new Failure("timeout", "did not answer within " + timeoutMillis + " ms"));
        }
      });
      stage.whenComplete((outcome, error) -> context.runOnContext(v -> {
        if (!settled.compareAndSet(false, true)) {
          return;
        }
        vertx.cancelTimer(timer);
        step.meters().recordCall(System.nanoTime() - start);
        if (error != null) {
          broken(step, new Failure("exception", "failed", "failed: " + error));
        } else if (outcome == null) {
          broken(step, new Failure("invalid", "returned no result"));
        } else {
          next.accept(outcome);
        }
      }));
    }
  }

  private static CompletableFuture<Outcome> completedOrNull(CompletionStage<Outcome> stage) {
    try {
      CompletableFuture<Outcome> f = stage.toCompletableFuture();
      return f.isDone() ? f : null;
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }
}
