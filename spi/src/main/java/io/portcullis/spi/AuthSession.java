package io.portcullis.spi;

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

  /** Sets (replaces) a header for the upstream request or the forward-auth answer. */
  public void setHeader(String name, String value) {
    headers.put(name, value);
  }

  /** Headers set so far, names case-insensitive. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }
}
