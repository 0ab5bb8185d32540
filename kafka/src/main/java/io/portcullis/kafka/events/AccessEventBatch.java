package io.portcullis.kafka.events;

import java.util.List;

/**
 * Access events handed over in one message: a proxy event loop collects what it decided over a few milliseconds, so
 * the audit role is woken once per batch, not once per request.
 */
public record AccessEventBatch(List<AccessEvent> events) {
}
