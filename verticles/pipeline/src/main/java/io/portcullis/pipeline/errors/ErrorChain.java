package io.portcullis.pipeline.errors;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ErrorHandler;
import io.portcullis.spi.ErrorResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rule's error handlers followed by the global fallback ones. The first handler whose {@code when} matches
 * answers. Unlike Oathkeeper, two responsible handlers are not a 500: the first listed wins, which is what an
 * operator writing a list expects. If none is responsible, the answer is Ory's JSON error; so it is when the
 * responsible handler throws or answers nothing (a plugin's bug must not leave the client without an answer).
 */
public final class ErrorChain {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorChain.class);

  /** A handler with the conditions under which it is responsible. */
  public record Entry(String id, When when, ErrorHandler handler) {
  }

  private final List<Entry> ruleHandlers;
  private final List<Entry> fallback;

  public ErrorChain(List<Entry> ruleHandlers, List<Entry> fallback) {
    this.ruleHandlers = List.copyOf(ruleHandlers);
    this.fallback = List.copyOf(fallback);
  }

  public ErrorResponse respond(AccessRequest request, PipelineFailure failure) {
    Entry responsible = first(ruleHandlers, request, failure);
    if (responsible == null) {
      responsible = first(fallback, request, failure);
    }
    if (responsible == null) {
      return failure.standardResponse(false);
    }
    try {
      ErrorResponse response = responsible.handler().handle(request, failure);
      if (response != null) {
        return response;
      }
      LOG.warn("rule \"{}\": error handler \"{}\" answered nothing; answering with the JSON error",
          request.ruleId(), responsible.id());
    } catch (RuntimeException e) {
      LOG.warn("rule \"{}\": error handler \"{}\" threw {}; answering with the JSON error", request.ruleId(),
          responsible.id(), e.toString());
    }
    return failure.standardResponse(false);
  }

  private static Entry first(List<Entry> entries, AccessRequest request, PipelineFailure failure) {
    for (Entry e : entries) {
      if (e.when().matches(request, failure)) {
        return e;
      }
    }
    return null;
  }
}
