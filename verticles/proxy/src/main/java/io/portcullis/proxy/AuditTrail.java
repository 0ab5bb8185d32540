package io.portcullis.proxy;

import io.portcullis.contracts.Addresses;
import io.portcullis.kafka.events.AccessEvent;
import io.portcullis.kafka.events.AccessEventBatch;
import io.portcullis.pipeline.CompiledRule;
import io.portcullis.rules.RuleAudit;
import io.portcullis.rules.url.RequestUrl;
import io.portcullis.runtime.AuditGate;
import io.portcullis.tracing.Tracing;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records access decisions for the audit stream. The data path never waits: an event is a small immutable record
 * collected on this verticle's event loop and handed to the node's audit role in batches (at most
 * {@value #MAX_BATCH} events or {@value #FLUSH_MILLIS} ms), by reference over the local event bus. Denials are always
 * recorded (rate-limit refusals coalesced: at most one event a second per bucket); a rule's {@code audit} setting
 * can thin out or switch off its granted requests. One instance per verticle: not thread-safe by design.
 */
final class AuditTrail {
  private static final int MAX_BATCH = 1024;
  private static final long FLUSH_MILLIS = 25;
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final AuditGate gate;
  private final Tracing tracing;
  private final String surface;
  private List<AccessEvent> pending = new ArrayList<>();

  /**
   * Created on the verticle's own context (in {@code start}): the hand-over timer belongs to the verticle, runs on its
   * event loop and ends with it.
   */
  AuditTrail(Vertx vertx, AuditGate gate, Tracing tracing, String surface) {
    this.vertx = vertx;
    this.gate = gate;
    this.tracing = tracing;
    this.surface = surface;
    if (gate.enabled()) {
      vertx.setPeriodic(FLUSH_MILLIS, id -> flush());
    }
  }

  void granted(CompiledRule rule, String method, RequestUrl url, String subject, int status, long startNanos,
      String client, MultiMap headers) {
    if (!gate.enabled()) {
      return;
    }
    RuleAudit audit = rule.rule().audit();
    if (!audit.enabled() || (audit.sampleRate() < 1.0 && ThreadLocalRandom.current().nextDouble() >= audit.sampleRate())) {
      return;
    }
    record(rule.id(), method, url.host(), url.path(), subject, status < 500 ? Decision.GRANTED : Decision.ERROR,
        status, null, null, startNanos, client, headers);
  }

  void refused(Verdict.Refused refused, String method, String authority, String rawTarget, long startNanos,
      String client, MultiMap headers) {
    if (!gate.enabled() || !refused.audited()) {
      return;
    }
    var failure = refused.failure();
    RequestUrl url = refused.url();
    // A request that could not be normalized (a 400) is recorded with its raw path, query cut off.
    int q = rawTarget.indexOf('?');
    record(refused.ruleId(), method, url != null ? url.host() : authority,
        url != null ? url.path() : q < 0 ? rawTarget : rawTarget.substring(0, q), refused.subject(),
        refused.decision(), refused.response().status(), failure == null ? null : failure.handler(),
        failure == null ? null : failure.reason(), startNanos, client, headers);
  }

  private void record(String ruleId, String method, String host, String path, String subject, Decision decision,
      int status, String handler, String reason, long startNanos, String client, MultiMap headers) {
    // The request's trace when tracing is on (the caller's traceparent continued, or a new trace), else the caller's.
    String traceId = tracing.on() ? Tracing.currentTraceId() : null;
    pending.add(new AccessEvent(surface, ruleId, method, host, path,
        subject == null || subject.isEmpty() ? null : subject, decision.label(), status, handler, reason,
        (System.nanoTime() - startNanos) / 1_000, client, headers.get("User-Agent"),
        traceId != null ? traceId : AccessEvent.traceId(headers.get("traceparent"), headers.get("X-Request-Id"))));
    if (pending.size() >= MAX_BATCH) {
      flush();
    }
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<AccessEvent> batch = pending;
    pending = new ArrayList<>();
    vertx.eventBus().send(Addresses.AUDIT_EVENTS, new AccessEventBatch(List.copyOf(batch)), LOCAL);
  }
}
