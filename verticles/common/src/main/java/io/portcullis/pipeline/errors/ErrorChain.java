package io.portcullis.pipeline.errors;

import io.portcullis.spi.AccessRequest;
import java.util.List;

/**
 * A rule's error handlers followed by the global fallback ones. The first handler whose {@code when} matches
 * answers. Unlike Oathkeeper, two responsible handlers are not a 500: the first listed wins, which is what an
 * operator writing a list expects. If none is responsible, the answer is Ory's JSON error.
 */
public final class ErrorChain {
  public record Entry(String id, ErrorHandler handler) {
  }

  private final List<Entry> ruleHandlers;
  private final List<Entry> fallback;

  public ErrorChain(List<Entry> ruleHandlers, List<Entry> fallback) {
    this.ruleHandlers = List.copyOf(ruleHandlers);
    this.fallback = List.copyOf(fallback);
  }

  public ErrorResponse respond(AccessRequest request, PipelineFailure failure) {
    for (Entry e : ruleHandlers) {
      if (e.handler().when().matches(request, failure)) {
        return e.handler().handle(request, failure);
      }
    }
    for (Entry e : fallback) {
      if (e.handler().when().matches(request, failure)) {
        return e.handler().handle(request, failure);
      }
    }
    return JsonError.response(failure.status(), failure.reason(), false);
  }
}
