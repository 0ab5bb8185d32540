package io.portcullis.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state one request carries through the pipeline: who the subject is, what the authenticator learned about it
 * ({@code extra}, e.g. the identity's traits) and the headers the mutators want the upstream to receive. A new
 * session is made for every request; authenticators fill subject and extra, mutators add headers.
 */
public final class AuthSession {
  private String subject = "";
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private boolean authenticated;
  private boolean authorized;
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private String sessionId;
  private String identityId;
  private Instant expiresAt;

  public String subject() {
    return subject;
  }

  /** Sets the subject; only while authenticating. */
  public void setSubject(String subject) {
    if (authenticated) {
      throw new IllegalStateException("the subject is fixed once authentication is over");
    }
    this.subject = subject == null ? "" : subject;
  }

  /** Mutable while authenticating; read-only for authorizers and mutators, so none can change what the next sees. */
  public Map<String, Object> extra() {
    return authenticated ? Collections.unmodifiableMap(extra) : extra;
  }

  /**
   * Called by the host when an authenticator has succeeded: from then on subject and extra are read-only. A plugin
   * has no reason to call it.
   */
  public void endAuthentication() {
    authenticated = true;
  }

  /**
   * Called by the host when the authorizer has allowed the request, before the mutators run (since SPI 1.3.0). A
   * plugin has no reason to call it.
   */
  public void endAuthorization() {
    endAuthentication();
    authorized = true;
  }

  /**
   * Replaces {@code extra} with what a hydrating mutator fetched, for the mutators after it and the upstream (since
   * SPI 1.3.0; Oathkeeper's {@code hydrator}). Only mutators may call it: the authorizer has decided on the extra the
   * authenticator produced, so before authorization is over this throws. The subject never changes.
   */
  public void replaceExtra(Map<String, Object> replacement) {
    if (!authorized) {
      throw new IllegalStateException("extra can only be replaced by mutators, after authorization");
    }
    extra.clear();
    if (replacement != null) {
      extra.putAll(replacement);
    }
  }

  /**
   * Names the login session the credentials belong to and when it ends (since SPI 1.4.0), as an authenticator learns
   * them (a Kratos session's {@code id}, {@code identity.id}, {@code expires_at}; a token's {@code exp}). The host uses
   * them for connections that outlive the request, WebSockets and streamed answers: such a connection is closed when
   * that session or identity is revoked, or at {@code expiresAt}. Each may be null; only while authenticating.
   */
  public void bindSession(String sessionId, String identityId, Instant expiresAt) {
    if (authenticated) {
      throw new IllegalStateException("the session is fixed once authentication is over");
    }
    this.sessionId = sessionId;
    this.identityId = identityId;
    this.expiresAt = expiresAt;
  }

  /** The login session's id, or null when the authenticator named none. */
  public String sessionId() {
    return sessionId;
  }

  /** The identity the login session belongs to, or null. */
  public String identityId() {
    return identityId;
  }

  /** When the credentials stop being valid, or null when the authenticator does not know. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Sets (replaces) a header for the upstream request or the forward-auth answer. */
  public void setHeader(String name, String value) {
    headers.put(name, value);
  }

  /** Headers set so far, names case-insensitive. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }
}
