package io.portcullis.plugins.builtin.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.plugins.builtin.remote.HeaderName;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.SessionChecker;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What {@code cookie_session} and {@code bearer_token} share, as Oathkeeper does it: the check request is the
 * client's request re-aimed at {@code check_session_url} (its path and query replaced by the request's unless
 * {@code preserve_path} / {@code preserve_query}), with only the allowed headers forwarded; a 200 answer yields the
 * subject and extra by GJSON path, anything else denies (401; 403 when the session store cannot be reached).
 */
final class SessionForwarding {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI checkUrl;
  private final boolean preservePath;
  private final boolean preserveQuery;
  private final boolean preserveHost;
  /** {@code scheme://authority} of the check URL. */
  private final String origin;
  /** Request headers to forward: the name to read, and the canonical name to send. */
  private final List<Map.Entry<String, String>> forwardHeaders;
  /** Added to every check, names canonical. */
  private final Map<String, List<String>> additionalHeaders;
  private final String forceMethod;
  private final Reading reading;
  private final SessionChecker sessions;

  SessionForwarding(HandlerConfig config, String defaultSubjectFrom, String alwaysForwarded, SessionChecker sessions)
      throws ConfigException {
    String url = config.requiredString("check_session_url");
    try {
      this.checkUrl = new URI(url);
      if (checkUrl.getScheme() == null || checkUrl.getHost() == null) {
        throw new URISyntaxException(url, "not absolute");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(config.field("check_session_url"), url, "an absolute http(s) URL, e.g. "
          + "http://127.0.0.1:4433/sessions/whoami");
    }
    this.preservePath = config.bool("preserve_path", false);
    this.preserveQuery = config.bool("preserve_query", false);
    this.preserveHost = config.bool("preserve_host", false);
    this.origin = checkUrl.getScheme() + "://" + checkUrl.getRawAuthority();
    List<Map.Entry<String, String>> forward = new ArrayList<>();
    for (String name : config.stringList("forward_http_headers")) {
      forward.add(Map.entry(name, HeaderName.canonical(name)));
    }
    forward.add(Map.entry(alwaysForwarded, HeaderName.canonical(alwaysForwarded)));
    this.forwardHeaders = List.copyOf(forward);
    Map<String, List<String>> additional = new LinkedHashMap<>();
    config.stringMap("additional_headers").forEach((k, v) -> additional.put(HeaderName.canonical(k), List.of(v)));
    this.additionalHeaders = additional;
    this.forceMethod = config.string("force_method", "");
    this.reading = new Reading(config.string("subject_from", defaultSubjectFrom), config.string("extra_from", "extra"));
    this.sessions = sessions;
  }

  static final java.util.Set<String> KEYS = java.util.Set.of("check_session_url", "preserve_path", "preserve_query",
      "preserve_host", "forward_http_headers", "additional_headers", "force_method", "subject_from", "extra_from");

  CompletionStage<Outcome> authenticate(AccessRequest request, AuthSession session) {
    HttpCaller.Call call = call(request);
    return sessions.check(call, reading).handle((reply, failure) -> {
      if (failure != null) {
        return Outcome.forbidden("the session store could not be reached: " + rootMessage(failure));
      }
      if (reply.status() == 429) {
        return Outcome.denied(429, "the session store answered 429 Too Many Requests");
      }
      if (reply.status() != 200) {
        return Outcome.unauthorized("the session store did not accept the credentials (status " + reply.status()
            + ")");
      }
      Object read = reply.value();
      if (read instanceof Outcome refused) {
        return refused;
      }
      Identified who = (Identified) read;
      session.setSubject(who.subject());
      session.extra().putAll(who.extra());
      session.bindSession(who.sessionId(), who.identityId(),
          who.expiresAtMillis() == Identified.NO_EXPIRY ? null : java.time.Instant.ofEpochMilli(who.expiresAtMillis()));
      return Outcome.success();
    });
  }

  /**
   * Subject and extra read from one session answer, and, when it is a Kratos session, its id, identity and expiry
   * (for connections that outlive the request: {@link AuthSession#bindSession}).
   */
  private record Identified(String subject, Map<String, Object> extra, String sessionId, String identityId,
      long expiresAtMillis) {
    /** {@code expiresAtMillis} when the answer names no expiry. Milliseconds: an Instant would be kept per session. */
    static final long NO_EXPIRY = Long.MIN_VALUE;
  }

  /** Read-only all the way down: one parsed answer serves many requests, so it is kept compact. */
  private static Object freeze(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), freeze(x)));
      return new FrozenMap(out);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(freeze(x)));
      return java.util.Collections.unmodifiableList(out);
    }
    return v;
  }

  /**
   * Reads subject and extra from a session answer as {@code subject_from} and {@code extra_from} say: an
   * {@link Identified}, or the {@link Outcome} that refuses the answer. Equal paths read alike, so rules with the same
   * paths share what the session cache keeps for a session (which is this, not the answer).
   */
  private record Reading(String subjectPath, String extraPath) implements SessionChecker.Reader<Object> {
    @Override
    public Object read(byte[] bytes) {
      return SessionForwarding.read(bytes, GjsonPath.parse(subjectPath), subjectPath, GjsonPath.parse(extraPath),
          extraPath);
    }
  }

  private static Object read(byte[] bytes, GjsonPath subjectFrom, String subjectPath, GjsonPath extraFrom,
      String extraPath) {
    if (bytes == null) {
      return Outcome.forbidden("the session store's answer is not JSON");
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (java.io.IOException | RuntimeException e) {
      return Outcome.forbidden("the session store's answer is not JSON");
    }
    JsonNode subject = subjectFrom.get(body);
    if (subject != null && !subject.isNull() && !subject.isTextual()) {
      return Outcome.forbidden("The configured subject_from GJSON path returned an error on JSON output: "
          + subjectPath + " is not a string");
    }
    JsonNode extra = extraFrom.get(body);
    if (extra != null && !extra.isNull() && !extra.isObject()) {
      return Outcome.forbidden("The configured extra_from GJSON path returned an error on JSON output: "
          + extraPath + " is not an object");
    }
    Map<String, Object> map = Map.of();
    if (extra != null && extra.isObject()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) freeze(JSON.convertValue(extra, Map.class));
      map = m;
    }
    String identityId = text(body.path("identity").get("id"));
    String subjectText = subject == null || subject.isNull() ? "" : subject.asText();
    // One string for both when the subject is the identity's id (the usual subject_from): kept per cached session.
    return new Identified(subjectText.equals(identityId) ? identityId : subjectText, map, text(body.get("id")),
        identityId, expiresAtMillis(body.get("expires_at")));
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /**
   * An RFC 3339 time such as Kratos' {@code expires_at}, in epoch ms; {@link Identified#NO_EXPIRY} when absent or
   * unreadable.
   */
  private static long expiresAtMillis(JsonNode node) {
    String t = text(node);
    try {
      return t == null ? Identified.NO_EXPIRY : java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return Identified.NO_EXPIRY;
    }
  }

  HttpCaller.Call call(AccessRequest request) {
    String path = preservePath ? checkUrl.getRawPath() : request.forwardPath();
    String query = preserveQuery ? checkUrl.getRawQuery() : request.query();
    String url = origin + (path == null ? "" : path) + (query == null || query.isEmpty() ? "" : "?" + query);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> allowed : forwardHeaders) {
      List<String> values = request.headers(allowed.getKey());
      if (values != null && !values.isEmpty()) {
        headers.put(allowed.getValue(), values);
      }
    }
    headers.putAll(additionalHeaders);
    if (preserveHost) {
      headers.put("X-Forwarded-Host", List.of(request.host()));
    }
    String method = forceMethod.isEmpty() ? request.method() : forceMethod;
    return new HttpCaller.Call(method, url, headers, null, TIMEOUT);
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().toLowerCase(Locale.ROOT);
  }
}
