package io.portcullis.plugins.builtin.mutate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.plugins.builtin.remote.Digest;
import io.portcullis.plugins.builtin.remote.Form;
import io.portcullis.plugins.builtin.remote.GoDuration;
import io.portcullis.plugins.builtin.remote.HeaderName;
import io.portcullis.plugins.builtin.remote.HttpUrl;
import io.portcullis.plugins.builtin.remote.RetryPolicy;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.LocalCache;
import io.portcullis.spi.Mutator;
import io.portcullis.spi.MutatorFactory;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.PluginServices;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code hydrator}: posts the session (subject, extra, headers, match context) as JSON to {@code api.url}, with the
 * client's headers and query, and takes the session it answers: its {@code extra} replaces the session's (for the
 * mutators after it and the upstream), its {@code header} values are set on the upstream request. The answer must
 * keep the subject. With {@code cache.enabled} answers are reused for the same session for {@code cache.ttl}.
 */
@Extension
public final class HydratorMutator implements MutatorFactory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CACHED_SESSIONS = 10_000;

  @Override
  public String id() {
    return "hydrator";
  }

  /** What the API added: the new extra and the headers to set. */
  private record Hydrated(Map<String, Object> extra, Map<String, String> headers) {
  }

  @Override
  public Mutator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("api", "cache"));
    HandlerConfig api = config.object("api").requireOnly(Set.of("url", "auth", "retry"));
    URI url = HttpUrl.required(api, "url");
    HandlerConfig auth = api.object("auth").requireOnly(Set.of("basic"));
    String basic = null;
    if (auth.has("basic")) {
      HandlerConfig b = auth.object("basic").requireOnly(Set.of("username", "password"));
      basic = "Basic " + Base64.getEncoder().encodeToString((b.requiredString("username") + ":"
          + b.string("password", "")).getBytes(StandardCharsets.UTF_8));
    }
    HandlerConfig cacheConfig = config.object("cache").requireOnly(Set.of("enabled", "ttl"));
    PluginServices services = context.services();
    LocalCache<Hydrated> cache = null;
    if (cacheConfig.bool("enabled", false)) {
      Duration ttl = GoDuration.read(cacheConfig, "ttl", "1m");
      cache = services.cache("sessions/" + (ttl.isZero() ? 60_000 : ttl.toMillis()), CACHED_SESSIONS,
          ttl.isZero() ? Duration.ofMinutes(1) : ttl);
    }
    return new Call(url, basic, RetryPolicy.read(api), cache, services)::mutate;
  }

  private record Call(URI url, String basic, RetryPolicy retry, LocalCache<Hydrated> cache,
      PluginServices services) {

    CompletionStage<Outcome> mutate(AccessRequest request, AuthSession session) {
      byte[] body;
      try {
        body = JSON.writeValueAsBytes(SessionJson.of(request, session));
      } catch (JsonProcessingException e) {
        return Outcome.completed(Outcome.error("the session cannot be written as JSON: " + e.getOriginalMessage()));
      }
      String key = cache == null ? null : Digest.of(url.toString(), new String(body, StandardCharsets.UTF_8));
      Hydrated hit = key == null ? null : cache.get(key);
      if (hit != null) {
        return Outcome.completed(apply(hit, session));
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : request.headerNames()) {
        if (HeaderName.forwardable(name)) {
          headers.put(HeaderName.canonical(name), request.headers(name));
        }
      }
      if (basic != null) {
        headers.put("Authorization", List.of(basic));
      }
      headers.put("Content-Type", List.of("application/json"));
      String target = withQuery(url, request.query());
      String subject = session.subject();
      return retry.send(services, timeout -> new HttpCaller.Call("POST", target, headers, body, timeout))
          .handle((reply, failure) -> {
            if (failure != null) {
              return Outcome.error("the hydrator API could not be reached: " + failure);
            }
            if (reply.status() == 401) {
              return Outcome.error(basic != null ? "Invalid credentials were provided in mutator configuration"
                  : "No credentials were provided in mutator configuration");
            }
            if (reply.status() != 200) {
              return Outcome.error("The call to an external API returned a non-200 HTTP response");
            }
            Hydrated hydrated = read(reply.body(), subject);
            if (hydrated == null) {
              return Outcome.error("The call to an external API returned an invalid JSON object");
            }
            if (key != null) {
              cache.put(key, hydrated);
            }
            return apply(hydrated, session);
          });
    }

    private static Outcome apply(Hydrated h, AuthSession session) {
      session.replaceExtra(h.extra());
      h.headers().forEach(session::setHeader);
      return Outcome.success();
    }

    /** The session the API answered, or null when it is not one or names another subject. */
    private static Hydrated read(byte[] body, String subject) {
      JsonNode n;
      try {
        n = JSON.readTree(body);
      } catch (java.io.IOException e) {
        return null;
      }
      if (n == null || !n.isObject() || !n.path("subject").asText("").equals(subject)) {
        return null;
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      JsonNode e = n.get("extra");
      if (e != null && e.isObject()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.convertValue(e, Map.class);
        extra.putAll(m);
      } else if (e != null && !e.isNull()) {
        return null;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      JsonNode h = n.get("header");
      if (h != null && h.isObject()) {
        h.fields().forEachRemaining(f -> {
          JsonNode first = f.getValue().isArray() ? f.getValue().get(0) : f.getValue();
          if (first != null && first.isTextual()) {
            headers.put(f.getKey(), first.asText());
          }
        });
      }
      return new Hydrated(Collections.unmodifiableMap(extra), Collections.unmodifiableMap(headers));
    }

    /** The API URL with the client's query, re-encoded as Go's {@code url.Values.Encode} does (keys sorted). */
    private static String withQuery(URI url, String rawQuery) {
      String base = url.toString();
      int q = base.indexOf('?');
      base = q < 0 ? base : base.substring(0, q);
      if (rawQuery == null || rawQuery.isEmpty()) {
        return base;
      }
      Map<String, List<String>> values = new java.util.TreeMap<>();
      for (String pair : rawQuery.split("[&]")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        try {
          String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        } catch (IllegalArgumentException malformed) {
          // skipped, as Go's ParseQuery does
        }
      }
      StringBuilder sb = new StringBuilder();
      values.forEach((k, vs) -> vs.forEach(v -> sb.append(sb.length() == 0 ? "" : "&").append(Form.escape(k))
          .append('=').append(Form.escape(v))));
      return sb.length() == 0 ? base : base + "?" + sb;
    }
  }
}
