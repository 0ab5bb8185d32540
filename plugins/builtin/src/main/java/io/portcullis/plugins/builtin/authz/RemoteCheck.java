package io.portcullis.plugins.builtin.authz;

import io.portcullis.plugins.builtin.remote.HttpUrl;
import io.portcullis.plugins.builtin.remote.RetryPolicy;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.PluginServices;
import io.portcullis.spi.RequestTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What {@code remote} and {@code remote_json} share, as Oathkeeper does it: a POST to {@code remote} with the
 * client's {@code Authorization} header and the templated {@code headers} (empty ones left out), within the
 * {@code retry} budget. 200 allows and copies the {@code forward_response_headers_to_upstream} headers into the
 * upstream request (empty when the remote did not send one, so a client cannot supply them); 403 forbids; 429 is
 * passed on; anything else, or no answer in time, is an error, which denies.
 */
final class RemoteCheck {
  private final String remote;
  private final Map<String, RequestTemplate> headers = new LinkedHashMap<>();
  private final List<String> forwardResponseHeaders;
  private final RetryPolicy retry;
  private final PluginServices services;

  RemoteCheck(HandlerConfig config, HandlerContext context) throws ConfigException {
    this.remote = HttpUrl.required(config, "remote").toString();
    for (Map.Entry<String, String> e : config.stringMap("headers").entrySet()) {
      headers.put(e.getKey(), context.template(config.field("headers") + "." + e.getKey(), e.getValue()));
    }
    this.forwardResponseHeaders = config.stringList("forward_response_headers_to_upstream");
    this.retry = RetryPolicy.read(config);
    this.services = context.services();
  }

  /** Sends {@code body} as {@code contentType} (none when null) and reads the decision. */
  CompletionStage<Outcome> decide(AccessRequest request, AuthSession session, String contentType, byte[] body) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (contentType != null) {
      out.put("Content-Type", List.of(contentType));
    }
    String authorization = request.header("Authorization");
    if (authorization != null && !authorization.isEmpty()) {
      out.put("Authorization", List.of(authorization));
    }
    for (Map.Entry<String, RequestTemplate> h : headers.entrySet()) {
      String value = h.getValue().render(request, session);
      if (!value.isEmpty()) {
        out.put(h.getKey(), List.of(value));
      }
    }
    return retry.send(services, timeout -> new HttpCaller.Call("POST", remote, out, body, timeout))
        .handle((reply, failure) -> {
          if (failure != null) {
            return Outcome.error("the remote authorizer could not be reached: " + failure);
          }
          return switch (reply.status()) {
            case 200 -> {
              for (String name : forwardResponseHeaders) {
                String v = reply.header(name);
                session.setHeader(name, v == null ? "" : v);
              }
              yield Outcome.success();
            }
            case 403 -> Outcome.forbidden("the remote authorizer denied the request");
            case 429 -> Outcome.denied(429, "the remote authorizer answered 429 Too Many Requests");
            default -> Outcome.error("expected status code 200 but got " + reply.status());
          };
        });
  }
}
