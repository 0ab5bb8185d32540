package io.portcullis.plugins.builtin.authn;

import io.portcullis.plugins.builtin.remote.ClientCredentialsGrant;
import io.portcullis.plugins.builtin.remote.HttpUrl;
import io.portcullis.plugins.builtin.remote.RetryPolicy;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.PluginServices;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code pre_authorization} of {@code oauth2_introspection}: a bearer token for the introspection endpoint itself,
 * obtained with the client credentials grant and reused until ten seconds before it expires (Go's oauth2 token
 * source does the same), with one request in flight at a time.
 */
final class PreAuthorization {
  private static final long EXPIRY_MARGIN_MILLIS = 10_000;

  private final ClientCredentialsGrant grant;
  private final String clientId;
  private final String clientSecret;
  private final PluginServices services;
  private final AtomicReference<ClientCredentialsGrant.Result> token = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<String>> inFlight = new AtomicReference<>();

  private PreAuthorization(ClientCredentialsGrant grant, String clientId, String clientSecret,
      PluginServices services) {
    this.grant = grant;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.services = services;
  }

  /** The pre-authorization {@code config} describes, or null when it is absent or disabled. */
  static PreAuthorization read(HandlerConfig config, RetryPolicy retry, PluginServices services)
      throws ConfigException {
    HandlerConfig c = config.object("pre_authorization")
        .requireOnly(Set.of("enabled", "client_id", "client_secret", "token_url", "audience", "scope"));
    if (!c.bool("enabled", false)) {
      return null;
    }
    String tokenUrl = HttpUrl.required(c, "token_url").toString();
    String audience = c.string("audience", "");
    ClientCredentialsGrant grant = new ClientCredentialsGrant(tokenUrl, c.stringList("scope"),
        audience.isEmpty() ? Map.of() : Map.of("audience", audience), retry);
    return new PreAuthorization(grant, c.requiredString("client_id"), c.requiredString("client_secret"), services);
  }

  /** The header value {@code Bearer <token>}; fails when no token can be had. */
  CompletionStage<String> authorization() {
    ClientCredentialsGrant.Result t = token.get();
    if (t != null && (t.expiresAtMillis() == 0
        || services.clock().millis() < t.expiresAtMillis() - EXPIRY_MARGIN_MILLIS)) {
      return CompletableFuture.completedFuture("Bearer " + t.accessToken());
    }
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    grant.request(services, clientId, clientSecret).whenComplete((result, failure) -> {
      inFlight.set(null);
      if (failure != null) {
        mine.completeExceptionally(failure);
      } else if (!result.issued()) {
        mine.completeExceptionally(new IllegalStateException("pre-authorization failed: " + result.problem()));
      } else {
        token.set(result);
        mine.complete("Bearer " + result.accessToken());
      }
    });
    return mine;
  }
}
