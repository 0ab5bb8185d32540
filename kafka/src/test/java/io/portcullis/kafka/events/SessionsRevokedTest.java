package io.portcullis.kafka.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The revocation contract: the bytes on the topic and the event bus, and what a reader refuses. */
class SessionsRevokedTest {
  static final String IDENTITY = "6f1c2a52-3b0e-4c1e-9a57-0c1f5a2b7d10";
  static final String SESSION = "0b7e8d3a-52c4-4f0e-8e5d-2d9b6c1a4f33";

  static SessionsRevoked revoked(RevocationCause cause, String address, String userAgent) {
    return SessionsRevoked.of(UUID.fromString(IDENTITY), List.of(UUID.fromString(SESSION)), cause, address,
        userAgent);
  }

  /** The wire string of every cause, as the identity role wrote them before the contract and the schema lists. */
  @ParameterizedTest
  @CsvSource({"ADMIN, admin", "LOGOUT, logout", "REVOKE_ALL, revoke_all", "IDENTITY_DELETED, identity_deleted",
      "IDENTITY_DEACTIVATED, identity_deactivated", "CREDENTIALS_CHANGED, credentials_changed"})
  void eachCauseHasItsWireJson(RevocationCause cause, String wire) {
    assertThat(revoked(cause, null, null).toJson()).isEqualTo("{\"identity_id\":\"" + IDENTITY
        + "\",\"session_ids\":[\"" + SESSION + "\"],\"cause\":\"" + wire + "\"}");
    assertThat(RevocationCause.fromWire(wire)).isEqualTo(cause);
  }

  @Test
  void theCausesAreTheSchemasEnum() {
    assertThat(RevocationCause.values()).extracting(RevocationCause::wire).containsExactly("admin", "logout",
        "revoke_all", "identity_deleted", "identity_deactivated", "credentials_changed");
  }

  @Test
  void onlyDeletedAndDeactivatedIdentitiesLoseEverySession() {
    assertThat(RevocationCause.values()).filteredOn(RevocationCause::endsIdentity)
        .containsExactlyInAnyOrder(RevocationCause.IDENTITY_DELETED, RevocationCause.IDENTITY_DEACTIVATED);
  }

  @Test
  void theAskerComesBeforeTheSessions() {
    assertThat(revoked(RevocationCause.LOGOUT, "10.0.0.1", "curl/8 \"x\"").toJson()).isEqualTo(
        "{\"identity_id\":\"" + IDENTITY + "\",\"client_address\":\"10.0.0.1\",\"user_agent\":\"curl/8 \\\"x\\\"\","
            + "\"session_ids\":[\"" + SESSION + "\"],\"cause\":\"logout\"}");
  }

  @ParameterizedTest
  @EnumSource(RevocationCause.class)
  void roundTrips(RevocationCause cause) {
    SessionsRevoked r = new SessionsRevoked(UUID.fromString(IDENTITY), List.of(SESSION, "s2"), cause, "::1", "ua");
    assertThat(SessionsRevoked.fromJson(r.toJson())).isEqualTo(r);
    SessionsRevoked bare = revoked(cause, null, null);
    assertThat(SessionsRevoked.fromJson(bare.toJson())).isEqualTo(bare);
  }

  @Test
  void readsTheDataOfARevocationEventOnly() {
    String data = revoked(RevocationCause.ADMIN, null, null).toJson();
    String event = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/portcullis/n1\",\"type\":\""
        + EventTypes.SESSION_REVOKED + "\",\"subject\":\"" + IDENTITY + "\",\"data\":" + data + "}";
    assertThat(SessionsRevoked.fromCloudEvent(event)).contains(revoked(RevocationCause.ADMIN, null, null));
    assertThat(SessionsRevoked.fromCloudEvent(event.replace(EventTypes.SESSION_REVOKED, EventTypes.LOGOUT)))
        .isEmpty();
    assertThat(SessionsRevoked.fromCloudEvent("{\"type\":\"" + EventTypes.SESSION_REVOKED + "\"}")).isEmpty();
    assertThatThrownBy(() -> SessionsRevoked.fromCloudEvent("{\"type\":\"" + EventTypes.SESSION_REVOKED
        + "\",\"data\":[]}")).hasMessage(EventTypes.SESSION_REVOKED
        + ": field \"data\" has value []: expected a JSON object");
  }

  @Test
  void fieldsItDoesNotKnowAreIgnored() {
    String json = revoked(RevocationCause.LOGOUT, null, null).toJson().replace("{", "{\"trace_id\":null,");
    assertThat(SessionsRevoked.fromJson(json)).isEqualTo(revoked(RevocationCause.LOGOUT, null, null));
  }

  @Test
  void aNullUserAgentIsNone() {
    String json = revoked(RevocationCause.LOGOUT, null, null).toJson().replace("{", "{\"user_agent\":null,");
    assertThat(SessionsRevoked.fromJson(json).userAgent()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", value = {
      "{\"session_ids\":[],\"cause\":\"admin\"} => field \"identity_id\" is missing: expected a string",
      "{\"identity_id\":7,\"session_ids\":[],\"cause\":\"admin\"} => field \"identity_id\" has value 7: expected a "
          + "string",
      "{\"identity_id\":\"me\",\"session_ids\":[],\"cause\":\"admin\"} => field \"identity_id\" has value \"me\": "
          + "expected a UUID",
      "{\"identity_id\":\"1-2-3-4-5\",\"session_ids\":[],\"cause\":\"admin\"} => field \"identity_id\" has value "
          + "\"1-2-3-4-5\": expected a UUID",
      "{\"identity_id\":\"" + IDENTITY + "\",\"cause\":\"admin\"} => field \"session_ids\" is missing: expected an "
          + "array of session ids (strings)",
      "{\"identity_id\":\"" + IDENTITY + "\",\"session_ids\":\"s\",\"cause\":\"admin\"} => field \"session_ids\" has "
          + "value \"s\": expected an array of session ids (strings)",
      "{\"identity_id\":\"" + IDENTITY + "\",\"session_ids\":[\"s\",5],\"cause\":\"admin\"} => field "
          + "\"session_ids[1]\" has value 5: expected a string",
      "{\"identity_id\":\"" + IDENTITY + "\",\"session_ids\":[]} => field \"cause\" is missing: expected one of "
          + "admin, logout, revoke_all, identity_deleted, identity_deactivated, credentials_changed",
      "{\"identity_id\":\"" + IDENTITY + "\",\"session_ids\":[],\"cause\":\"bored\"} => field \"cause\" has value "
          + "\"bored\": expected one of admin, logout, revoke_all, identity_deleted, identity_deactivated, "
          + "credentials_changed",
      "{\"identity_id\":\"" + IDENTITY + "\",\"session_ids\":[],\"cause\":\"admin\",\"client_address\":null} => "
          + "field \"client_address\" has value null: expected a string",
      "{\"identity_id\":\"" + IDENTITY + "\",\"session_ids\":[],\"cause\":\"admin\",\"user_agent\":1} => "
          + "field \"user_agent\" has value 1: expected a string or null",
      "[] => field \"(payload)\" has value []: expected a JSON object",
      "not json => field \"(payload)\" has value not json: expected a JSON object"})
  void rejectsBadInputNamingTheFieldTheValueAndWhatWasExpected(String json, String message) {
    assertThatThrownBy(() -> SessionsRevoked.fromJson(json)).isInstanceOf(InvalidEventException.class)
        .hasMessage(EventTypes.SESSION_REVOKED + ": " + message);
  }

  @Test
  void theErrorCarriesItsParts() {
    InvalidEventException e = (InvalidEventException) org.assertj.core.api.Assertions.catchThrowable(
        () -> RevocationCause.fromWire("bored"));
    assertThat(e.field()).isEqualTo("cause");
    assertThat(e.value()).isEqualTo("\"bored\"");
    assertThat(e.expected()).startsWith("one of admin, ");
  }
}
