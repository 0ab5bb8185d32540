package io.portcullis.identity.hook;

import io.portcullis.config.Durations;
import io.portcullis.config.IdentityConfig;
import io.portcullis.config.WebHookConfig;
import io.portcullis.identity.jsonnet.Jsonnet;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Sends web hook requests as Kratos' request builder and HTTP client do: the body rendered from its Jsonnet template
 * with {@code ctx}, the configured headers and auth, {@code Ory-Webhook-*} ids, each attempt bounded by
 * {@code clients.web_hook.timeout}, retried after any failed attempt (a connection failure or an attempt that timed
 * out, so a slow target may see a request again), a 429 or a 5xx other than 501 (one second, then twice as long each
 * time, at most 30 s), answers read up to 5 MB.
 */
final class WebHookTransport {
  static final int MAX_ANSWER = 5 << 20;
  private final Vertx vertx;
  private final HttpClient http;
  private final BodyTemplates templates;
  private final Jsonnet jsonnet;
  private final Duration timeout;
  private final int maxRetries;
  private final IdentityConfig.ClientHttp policy;

  /** An answer: its status and (at most 5 MB of) its body. */
  record Answer(int status, Buffer body) {
  }

  WebHookTransport(Vertx vertx, IdentityConfig.Clients clients, String jsonnetCommand) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions()
        .setHttp1MaxSize(32));
    this.templates = new BodyTemplates(vertx, http);
    this.timeout = Durations.parse("portcullis.identity.clients.web_hook.timeout", clients.webHook().timeout());
    this.jsonnet = new Jsonnet(jsonnetCommand, Duration.ofSeconds(5));
    this.maxRetries = clients.webHook().maxRetries();
    this.policy = clients.http();
  }

  /** Sends {@code c}'s request for {@code ctx}; empty when the template cancelled it ({@code error "cancel"}). */
  Future<Optional<Answer>> send(WebHookConfig c, JsonObject ctx) {
    String method = c.method().toUpperCase(java.util.Locale.ROOT);
    MultiMap headers = headers(c);
    Future<Buffer> body = method.equals("TRACE") ? Future.succeededFuture(null) : body(c, headers, ctx);
    String triggerId = UUID.randomUUID().toString();
    return body.compose(b -> allowed(c.url()).compose(x -> attempt(c, method, headers, b, triggerId, 0)))
        .map(Optional::of)
        .recover(t -> t instanceof Jsonnet.Cancelled ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(t));
  }

  private MultiMap headers(WebHookConfig c) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    c.headers().forEach(h::add);
    if (!h.contains("Content-Type")) {
      h.set("Content-Type", "application/json");
    }
    if (c.auth() != null) {
      switch (c.auth().type()) {
        case "api_key" -> {
          WebHookConfig.ApiKey k = c.apiKey("");
          if (k.in().equals("cookie")) {
            String cookie = k.name() + "=" + k.value();
            h.set("Cookie", h.contains("Cookie") ? h.get("Cookie") + "; " + cookie : cookie);
          } else {
            h.set(k.name(), k.value());
          }
        }
        case "basic_auth" -> {
          WebHookConfig.BasicAuth b = c.basicAuth("");
          h.set("Authorization", "Basic " + Base64.getEncoder().encodeToString((b.user() + ":" + b.password())
              .getBytes(StandardCharsets.UTF_8)));
        }
        default -> throw new IllegalStateException("unknown web hook auth " + c.auth().type());
      }
    }
    return h;
  }

  /** The template's output: JSON as it is, or an object of strings form-encoded for that content type. */
  private Future<Buffer> body(WebHookConfig c, MultiMap headers, JsonObject ctx) {
    String encoded = ctx.encode();
    return templates.file(c.body())
        .compose(file -> vertx.executeBlocking(() -> jsonnet.evaluateFunction(file, encoded), false))
        .map(out -> {
          if (!"application/x-www-form-urlencoded".equals(headers.get("Content-Type"))) {
            return Buffer.buffer(out);
          }
          Map<String, String> values = new TreeMap<>();
          new JsonObject(out).forEach(e -> values.put(e.getKey(), String.valueOf(e.getValue())));
          return Buffer.buffer(values.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
              .collect(Collectors.joining("&")));
        });
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** With {@code clients.http.disallow_private_ip_ranges}: refuses hosts in private ranges unless the URL is exempt. */
  private Future<Void> allowed(String url) {
    if (!policy.disallowPrivateIpRanges() || policy.privateIpExceptionUrls().contains(url)) {
      return Future.succeededFuture();
    }
    // Unordered: calls from one event loop must not queue behind each other's DNS look-ups and Jsonnet processes.
    return vertx.executeBlocking(() -> {
      for (InetAddress a : InetAddress.getAllByName(URI.create(url).getHost())) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
            || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
          throw KratosError.forbidden(null, "The web hook URL " + url + " resolves to a private IP address, which "
              + "clients.http.disallow_private_ip_ranges forbids.");
        }
      }
      return null;
    }, false);
  }

  private Future<Answer> attempt(WebHookConfig c, String method, MultiMap headers, Buffer body, String triggerId,
      int attempt) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    if (c.emitAnalyticsEvent()) {
      h.set("Ory-Webhook-Request-ID", UUID.randomUUID().toString());
      h.set("Ory-Webhook-Trigger-ID", triggerId);
    }
    return once(c.url(), method, h, body).transform(ar -> {
      boolean retry = attempt < maxRetries && (ar.failed() || retryable(ar.result().status()));
      if (retry) {
        long wait = Math.min(30_000L, 1000L << attempt);
        Promise<Void> later = Promise.promise();
        vertx.setTimer(wait, id -> later.complete());
        return later.future().compose(x -> attempt(c, method, headers, body, triggerId, attempt + 1));
      }
      if (ar.succeeded()) {
        return Future.succeededFuture(ar.result());
      }
      if (ar.cause() instanceof TimeoutException) {
        return Future.failedFuture(new KratosError(504, null, ar.cause().getMessage(),
            "A third-party upstream service could not be reached. Please try again later."));
      }
      return Future.failedFuture(KratosError.internal("The web hook " + method + " " + c.url() + " failed: "
          + ar.cause().getMessage()));
    });
  }

  private static boolean retryable(int status) {
    return status == 429 || (status >= 500 && status != 501);
  }

  /** One request, bounded by the timeout as a whole (connection, answer and body). */
  private Future<Answer> once(String url, String method, MultiMap headers, Buffer body) {
    Promise<Answer> result = Promise.promise();
    long ms = Math.max(1, timeout.toMillis());
    long timer = vertx.setTimer(ms, id -> result.tryFail(new TimeoutException(method + " " + url
        + " did not answer within " + ms + " ms")));
    http.request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.valueOf(method)).setConnectTimeout(ms))
        .compose(req -> {
          req.headers().addAll(headers);
          result.future().onFailure(t -> req.reset());
          return body == null ? req.send() : req.send(body);
        })
        .compose(resp -> {
          Promise<Answer> read = Promise.promise();
          Buffer acc = Buffer.buffer();
          resp.handler(chunk -> {
            if (acc.length() < MAX_ANSWER) {
              acc.appendBuffer(chunk.length() + acc.length() > MAX_ANSWER
                  ? chunk.getBuffer(0, MAX_ANSWER - acc.length()) : chunk);
            }
          });
          resp.exceptionHandler(read::tryFail);
          resp.endHandler(v -> read.tryComplete(new Answer(resp.statusCode(), acc)));
          return read.future();
        })
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            result.tryComplete(ar.result());
          } else {
            result.tryFail(ar.cause());
          }
        });
    return result.future();
  }
}
