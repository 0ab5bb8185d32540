package io.portcullis.identity.flow;

import io.portcullis.identitysessions.model.Session;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A self-service flow (login, registration, settings). {@code ui} is the rendered Kratos {@code ui} container as last
 * shown, {@code data} holds flow-specific fields ({@code refresh}, {@code requested_aal}, ...).
 *
 * @param type {@code browser} or {@code api}
 * @param state Kratos' flow state: {@code choose_method}, {@code sent_email}, {@code passed_challenge},
 *     {@code show_form}, {@code success}
 */
public record Flow(UUID id, String kind, String type, String state, String requestUrl, String returnTo,
    String csrfToken, UUID identityId, UUID sessionId, JsonObject data, JsonObject ui, Instant issuedAt,
    Instant expiresAt, Instant createdAt, Instant updatedAt) {

  public static final String BROWSER = "browser";
  public static final String API = "api";

  /** The time flows are stamped with: now, to the microsecond PostgreSQL keeps. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public boolean browser() {
    return BROWSER.equals(type);
  }

  public boolean expiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }

  public Flow with(String newState, JsonObject newUi, Instant now) {
    return new Flow(id, kind, type, newState, requestUrl, returnTo, csrfToken, identityId, sessionId, data, newUi,
        issuedAt, expiresAt, createdAt, now);
  }

  /** This flow, started by the holder of {@code s} (a settings flow, a login refresh). */
  public Flow heldBy(Session s) {
    return new Flow(id, kind, type, state, requestUrl, returnTo, csrfToken, s.identityId(), s.id(), data, ui,
        issuedAt, expiresAt, createdAt, updatedAt);
  }

  /** This flow bound to another browser's CSRF token (a mailed link opened elsewhere, as Kratos regenerates it). */
  public Flow withCsrfToken(String token) {
    return new Flow(id, kind, type, state, requestUrl, returnTo, token, identityId, sessionId, data, ui, issuedAt,
        expiresAt, createdAt, updatedAt);
  }

  public Flow withData(JsonObject newData) {
    return new Flow(id, kind, type, state, requestUrl, returnTo, csrfToken, identityId, sessionId, newData, ui,
        issuedAt, expiresAt, createdAt, updatedAt);
  }
}
