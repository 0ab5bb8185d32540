package io.portcullis.kafka.events;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Why sessions were revoked: the {@code cause} of {@link SessionsRevoked}, with the wire strings of the schema
 * {@code sh.portcullis.identity.session.revoked.v1}.
 */
public enum RevocationCause {
  ADMIN("admin"),
  LOGOUT("logout"),
  REVOKE_ALL("revoke_all"),
  IDENTITY_DELETED("identity_deleted"),
  IDENTITY_DEACTIVATED("identity_deactivated"),
  CREDENTIALS_CHANGED("credentials_changed");

  private static final String EXPECTED = "one of " + Arrays.stream(values()).map(RevocationCause::wire)
      .collect(Collectors.joining(", "));
  private final String wire;

  RevocationCause(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /**
   * Whether the identity itself can no longer hold sessions, so a reader drops every session of it, also those the
   * event does not name (a cache may hold sessions the database no longer lists).
   */
  public boolean endsIdentity() {
    return this == IDENTITY_DELETED || this == IDENTITY_DEACTIVATED;
  }

  /** The cause written as {@code wire}; an unknown one is rejected, as the schema's enum does. */
  public static RevocationCause fromWire(String wire) {
    for (RevocationCause c : values()) {
      if (c.wire.equals(wire)) {
        return c;
      }
    }
    throw invalid(wire == null ? null : TextNode.valueOf(wire).toString());
  }

  /** @param json the {@code cause} as written, or null when it is missing */
  static InvalidEventException invalid(String json) {
    return new InvalidEventException(EventTypes.SESSION_REVOKED, "cause", json, EXPECTED);
  }
}
