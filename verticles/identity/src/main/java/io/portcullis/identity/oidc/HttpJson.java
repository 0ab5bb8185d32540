package io.portcullis.identity.oidc;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The identity role's calls to OpenID providers: JSON over HTTP(S) on the event loop, each bounded by one timeout, a
 * non-200 answer an upstream error as Kratos logs and reports it ({@code logUpstreamError}).
 */
public final class HttpJson {
  private static final int MAX_BODY = 1 << 20;
  private final HttpClient client;
  private final Duration timeout;

  public HttpJson(Vertx vertx, Duration timeout) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxRedirects(0));
    this.timeout = timeout;
  }

  /** A GET answered with a JSON object; {@code bearer} (may be null) as the Authorization. */
  public Future<JsonObject> get(String url, String bearer) {
    return getValue(url, bearer).map(v -> {
      if (v instanceof JsonObject o) {
        return o;
      }
      throw KratosError.upstream(url + " did not answer a JSON object");
    });
  }

  /** A GET answered with a JSON array. */
  public Future<JsonArray> getArray(String url, String bearer) {
    return getValue(url, bearer).map(v -> {
      if (v instanceof JsonArray a) {
        return a;
      }
      throw KratosError.upstream(url + " did not answer a JSON array");
    });
  }

  private Future<Object> getValue(String url, String bearer) {
    RequestOptions o = options(url, HttpMethod.GET).putHeader("Accept", "application/json");
    if (bearer != null) {
      o.putHeader("Authorization", "Bearer " + bearer);
    }
    return send(o, null).map(r -> {
      ok(r);
      try {
        return io.vertx.core.json.Json.decodeValue(r.body());
      } catch (DecodeException e) {
        throw KratosError.upstream(url + " did not answer JSON");
      }
    });
  }

  /** A GET answered with anything (a Jsonnet mapper). */
  public Future<String> getText(String url) {
    return send(options(url, HttpMethod.GET), null).map(r -> {
      ok(r);
      return r.body().toString(StandardCharsets.UTF_8);
    });
  }

  /** A form POST (the token endpoint) answered with a JSON object, whatever its status (OAuth 2.0 errors are JSON). */
  public Future<Reply> postForm(String url, Map<String, String> form, MultiMap headers) {
    RequestOptions o = options(url, HttpMethod.POST).putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("Accept", "application/json");
    headers.forEach(o::putHeader);
    String body = form.entrySet().stream().filter(e -> e.getValue() != null)
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    return send(o, Buffer.buffer(body));
  }

  public void close() {
    client.close();
  }

  /** An answer: its status and body. */
  public record Reply(int status, Buffer body, String contentType) {
    /** The body as a JSON object, or null when it is none. */
    public JsonObject json() {
      try {
        Object v = io.vertx.core.json.Json.decodeValue(body);
        return v instanceof JsonObject o ? o : null;
      } catch (DecodeException e) {
        return null;
      }
    }
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private RequestOptions options(String url, HttpMethod method) {
    return new RequestOptions().setAbsoluteURI(url).setMethod(method).setTimeout(timeout.toMillis())
        .setConnectTimeout(timeout.toMillis());
  }

  private Future<Reply> send(RequestOptions o, Buffer body) {
    return client.request(o)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> {
          String length = resp.getHeader("Content-Length");
          if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY) {
            return Future.failedFuture(KratosError.upstream(o.getURI() + " answered more than 1 MiB"));
          }
          return resp.body().map(b -> new Reply(resp.statusCode(), b, resp.getHeader("Content-Type")));
        })
        .recover(t -> Future.failedFuture(t instanceof KratosError ? t
            : KratosError.upstream("Unable to reach the OpenID Connect provider: " + t.getMessage())));
  }

  private static void ok(Reply r) {
    if (r.status() != 200) {
      throw KratosError.upstream("OpenID Connect provider returned a " + r.status()
          + " status code but 200 is expected.");
    }
  }
}
