package io.portcullis.plugins.builtin.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.PluginServices;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 section 4.4) as Go's {@code clientcredentials} package performs it:
 * a form post of {@code grant_type=client_credentials}, {@code scope} and extra parameters to the token endpoint, the
 * client authenticated with HTTP Basic (id and secret form-escaped first, section 2.3.1).
 */
public final class ClientCredentialsGrant {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String tokenUrl;
  private final List<String> scopes;
  private final Map<String, String> parameters;
  private final RetryPolicy retry;

  /** What the token endpoint answered: a token (with its expiry in epoch millis, 0 for none), or a refusal. */
  public record Result(int status, String accessToken, long expiresAtMillis, String problem) {
    public boolean issued() {
      return problem == null;
    }
  }

  public ClientCredentialsGrant(String tokenUrl, List<String> scopes, Map<String, String> parameters,
      RetryPolicy retry) {
    this.tokenUrl = tokenUrl;
    this.scopes = List.copyOf(scopes);
    this.parameters = Map.copyOf(parameters);
    this.retry = retry;
  }

  /**
   * Asks for a token for {@code clientId}. Completes exceptionally only when the endpoint could not be reached;
   * an answer other than a token is a {@link Result} with a problem.
   */
  public CompletionStage<Result> request(PluginServices services, String clientId, String clientSecret) {
    Form form = new Form().add("grant_type", "client_credentials");
    if (!scopes.isEmpty()) {
      form.add("scope", String.join(" ", scopes));
    }
    parameters.forEach(form::add);
    byte[] body = form.encode();
    String basic = Base64.getEncoder().encodeToString((Form.escape(clientId) + ":" + Form.escape(clientSecret))
        .getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> headers = new LinkedHashMap<>(Form.headers());
    headers.put("Authorization", List.of("Basic " + basic));
    headers.put("Accept", List.of("application/json"));
    long now = services.clock().millis();
    return retry.send(services, timeout -> new HttpCaller.Call("POST", tokenUrl, headers, body, timeout))
        .thenApply(reply -> read(reply, now));
  }

  private static Result read(HttpCaller.Reply reply, long requestedAt) {
    if (reply.status() < 200 || reply.status() > 299) {
      return new Result(reply.status(), null, 0, "the token endpoint answered " + reply.status());
    }
    JsonNode body;
    try {
      body = JSON.readTree(reply.body());
    } catch (java.io.IOException | RuntimeException e) {
      return new Result(reply.status(), null, 0, "the token endpoint's answer is not JSON");
    }
    if (body == null || !body.isObject()) {
      return new Result(reply.status(), null, 0, "the token endpoint's answer is not a JSON object");
    }
    String token = body.path("access_token").asText("");
    if (token.isEmpty()) {
      return new Result(reply.status(), null, 0, "the token endpoint issued no access_token");
    }
    long expiresIn = body.path("expires_in").asLong(0);
    return new Result(reply.status(), token, expiresIn > 0 ? requestedAt + expiresIn * 1000 : 0, null);
  }
}
