package io.portcullis.identity.flow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <prefix>identity_flow_submissions_total{flow, outcome}}: how submissions of the self-service flows ended.
 * {@code succeeded}: the flow completed and its transaction committed (a login, a registration, saved settings, a
 * recovered account, a verified address); {@code failed}: the flow answered with its form and messages (wrong
 * credentials, invalid fields, a wrong code, an expired flow) or with a 4xx error; {@code error}: a 5xx (the
 * database unavailable, a hook that broke). A step that neither completes nor fails (a code mailed, a redirect to a
 * provider) is not counted. Flows mark the outcome on the request ({@link #succeeded}, {@link #failed}); the handler
 * mounted first on the public API counts it when the answer's headers are written, so a success whose commit then
 * failed counts as the error it became.
 */
public final class FlowOutcomes {
  private static final String KEY = "portcullis.flow.outcome";
  private static final String SUBMISSION = "/self-service/";
  static final List<String> FLOWS = List.of("login", "registration", "settings", "recovery", "verification");
  private final Map<String, Counter> counters = new HashMap<>();

  public FlowOutcomes(MeterRegistry registry, String prefix) {
    for (String flow : FLOWS) {
      for (String outcome : List.of("succeeded", "failed", "error")) {
        counters.put(flow + "/" + outcome, Counter.builder(prefix + "identity_flow_submissions")
            .description("Self-service flow submissions by how they ended").tags("flow", flow, "outcome", outcome)
            .register(registry));
      }
    }
  }

  private record Outcome(String flow, String outcome) {
  }

  /** The flow of {@code kind} completed on this request (call once its transaction committed). */
  public static void succeeded(RoutingContext ctx, String kind) {
    ctx.put(KEY, new Outcome(kind, "succeeded"));
  }

  /** The submission to the flow of {@code kind} was refused (its form and messages are the answer). */
  static void failed(RoutingContext ctx, String kind) {
    ctx.put(KEY, new Outcome(kind, "failed"));
  }

  /** Counts each request's outcome when its answer starts; mounted before every other handler of the public API. */
  public Handler<RoutingContext> counting() {
    return ctx -> {
      ctx.addHeadersEndHandler(v -> count(ctx));
      ctx.next();
    };
  }

  private void count(RoutingContext ctx) {
    int status = ctx.response().getStatusCode();
    Outcome marked = ctx.get(KEY);
    String flow = marked != null ? marked.flow() : submittedFlow(ctx.request().path());
    if (flow == null) {
      return;
    }
    // A JSON browser's "continue in the browser" (422) is a step, not a failure.
    String outcome = status >= 500 ? "error" : marked != null ? marked.outcome()
        : status >= 400 && status != 422 ? "failed" : null;
    Counter c = outcome == null ? null : counters.get(flow + "/" + outcome);
    if (c != null) {
      c.increment();
    }
  }

  /** The flow a {@code /self-service/<flow>} submission path names, or null for any other path. */
  private static String submittedFlow(String path) {
    if (path == null || !path.startsWith(SUBMISSION)) {
      return null;
    }
    String rest = path.substring(SUBMISSION.length());
    return FLOWS.contains(rest) ? rest : null;
  }
}
