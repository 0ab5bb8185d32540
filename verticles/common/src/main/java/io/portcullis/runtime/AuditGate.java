package io.portcullis.runtime;

/**
 * The node's audit switch, shared by the proxy (which records) and the audit role (which ships): whether events are
 * recorded at all, and whether requests must be refused because events could no longer be kept
 * ({@code portcullis.audit.spool.when_full: deny_requests} with a full spool).
 */
public final class AuditGate {
  private final boolean enabled;
  private volatile boolean refusing;

  public AuditGate(boolean enabled) {
    this.enabled = enabled;
  }

  public static AuditGate disabled() {
    return new AuditGate(false);
  }

  public boolean enabled() {
    return enabled;
  }

  /** True while no new event can be kept and the policy is to refuse requests rather than lose events. */
  public boolean refusing() {
    return refusing;
  }

  public void setRefusing(boolean refusing) {
    this.refusing = refusing;
  }
}
