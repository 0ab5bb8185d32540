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

  /** Sets (replaces) a header for the upstream request or the forward-auth answer. */
  public void setHeader(String name, String value) {
    headers.put(name, value);
  }

  /** Headers set so far, names case-insensitive. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }
}
