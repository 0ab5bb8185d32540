package io.portcullis.plugins.builtin.authn;

import io.portcullis.plugins.builtin.remote.ClientCredentialsGrant;
import io.portcullis.plugins.builtin.remote.Digest;
import io.portcullis.plugins.builtin.remote.HttpUrl;
import io.portcullis.plugins.builtin.remote.RetryPolicy;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.PluginServices;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code oauth2_client_credentials}: a request with HTTP Basic credentials is authenticated by using them as an OAuth
 * 2.0 client id and secret in a client credentials grant at {@code token_url} (with {@code required_scope}); a token
 * issued means the client is who it says. The subject is the client id. With {@code cache.enabled} issued tokens are
 * remembered (per token URL, scopes and credentials, hashed) until they expire or {@code cache.ttl} passes, so a
 * client calling often costs one grant per token lifetime.
 */
@Extension
public final class OAuth2ClientCredentialsAuthenticator implements AuthenticatorFactory {
  private static final Set<String> KEYS = Set.of("token_url", "required_scope", "retry", "cache");

  @Override
  public String id() {
    return "oauth2_client_credentials";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(KEYS);
    String tokenUrl = HttpUrl.required(config, "token_url").toString();
    List<String> scopes = config.stringList("required_scope");
    ClientCredentialsGrant grant = new ClientCredentialsGrant(tokenUrl, scopes, Map.of(), RetryPolicy.read(config));
    PluginServices services = context.services();
    TokenCache<Boolean> cache = TokenCache.read(config, "max_tokens", 1000, "tokens", services);
    return new Check(grant, tokenUrl, scopes, cache, services)::authenticate;
  }

  private record Check(ClientCredentialsGrant grant, String tokenUrl, List<String> scopes, TokenCache<Boolean> cache,
      PluginServices services) {

    CompletionStage<Outcome> authenticate(AccessRequest request, AuthSession session) {
      String[] credentials = basicCredentials(request.header("Authorization"));
      if (credentials == null) {
        return Outcome.notResponsibleStage();
      }
      String user;
      String password;
      try {
        user = URLDecoder.decode(credentials[0], StandardCharsets.UTF_8);
        password = URLDecoder.decode(credentials[1], StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Outcome.completed(Outcome.unauthorized("the Basic credentials are not validly escaped"));
      }
      String key = cache == null ? null : Digest.of(tokenUrl, String.join(" ", scopes), user, password);
      if (key != null && cache.get(key) != null) {
        session.setSubject(user);
        return Outcome.successStage();
      }
      return grant.request(services, user, password).handle((result, failure) -> {
        if (failure != null) {
          return Outcome.error("the token endpoint could not be reached: " + failure);
        }
        if (!result.issued()) {
          return refusal(result);
        }
        if (key != null) {
          cache.put(key, Boolean.TRUE, result.expiresAtMillis());
        }
        session.setSubject(user);
        return Outcome.success();
      });
    }

    /** Oathkeeper's mapping: the endpoint's own trouble is ours (500), any other refusal is the client's (401). */
    private static Outcome refusal(ClientCredentialsGrant.Result result) {
      return switch (result.status()) {
        case 500, 503, 504, 404 -> Outcome.error("the token endpoint failed: " + result.problem());
        default -> Outcome.unauthorized("the client credentials were not accepted: " + result.problem());
      };
    }
  }

  /** Go's {@code Request.BasicAuth}: user and password, or null when the header is not Basic credentials. */
  static String[] basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
