package io.portcullis.kafka.events;

import java.util.List;

/**
 * CloudEvents {@code type} values, declared once. Each has a JSON Schema for its {@code data} under
 * {@code schemas/<type>.json} in this module's resources, described in docs/events.md.
 */
public final class EventTypes {
  private static final String PREFIX = "sh.portcullis.";

  public static final String ACCESS_GRANTED = PREFIX + "access.granted.v1";
  public static final String ACCESS_DENIED = PREFIX + "access.denied.v1";
  public static final String LOGIN_SUCCEEDED = PREFIX + "identity.login.succeeded.v1";
  public static final String LOGIN_FAILED = PREFIX + "identity.login.failed.v1";
  public static final String REGISTRATION = PREFIX + "identity.registration.v1";
  public static final String LOGOUT = PREFIX + "identity.logout.v1";
  public static final String SESSION_REVOKED = PREFIX + "identity.session.revoked.v1";
  public static final String SETTINGS_CHANGED = PREFIX + "identity.settings.changed.v1";
  public static final String IDENTITY_CREATED = PREFIX + "identity.created.v1";
  public static final String IDENTITY_UPDATED = PREFIX + "identity.updated.v1";
  public static final String IDENTITY_DELETED = PREFIX + "identity.deleted.v1";
  public static final String RATE_LIMITED = PREFIX + "identity.rate_limited.v1";
  public static final String LOCKED_OUT = PREFIX + "identity.locked_out.v1";
  public static final String RATE_LIMIT_LIFTED = PREFIX + "identity.rate_limit.lifted.v1";

  public static final List<String> ALL = List.of(ACCESS_GRANTED, ACCESS_DENIED, LOGIN_SUCCEEDED, LOGIN_FAILED,
      REGISTRATION, LOGOUT, SESSION_REVOKED, SETTINGS_CHANGED, IDENTITY_CREATED, IDENTITY_UPDATED, IDENTITY_DELETED,
      RATE_LIMITED, LOCKED_OUT, RATE_LIMIT_LIFTED);

  private EventTypes() {
  }
}
