package io.portcullis.identity.oidc;

import io.portcullis.config.OidcConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured sign-in providers, built once: one HTTP client, discovery documents and key sets shared by all.
 * {@link Endpoints} are the fixed addresses of the named providers (tests point them at a local server).
 */
public final class Providers {
  /** The provider types implemented here. */
  public static final List<String> IMPLEMENTED = List.of("generic", "google", "github", "gitlab", "microsoft");
  private final OidcConfig config;
  private final Map<String, OidcProvider> byId = new LinkedHashMap<>();
  private final HttpJson http;

  /** Where the named providers are. */
  public record Endpoints(String microsoftLogin, String microsoftGraphMe, String githubWeb, String githubApi) {
    public static final Endpoints DEFAULT = new Endpoints(MicrosoftProvider.LOGIN, MicrosoftProvider.GRAPH_ME,
        GitHubProvider.WEB, GitHubProvider.API);
  }

  public Providers(Vertx vertx, OidcConfig config, Clock clock, Endpoints endpoints) {
    this.config = config;
    this.http = new HttpJson(vertx, Duration.ofSeconds(10));
    OAuth2Client oauth2 = new OAuth2Client(http);
    Discovery discovery = new Discovery(http);
    IdTokenVerifier verifier = new IdTokenVerifier(new KeySet(http, clock), clock);
    for (OidcConfig.Provider p : config.providers()) {
      OidcProvider provider = switch (p.provider()) {
        case "generic" -> new GenericProvider(p, oauth2, discovery, verifier);
        case "google" -> new GoogleProvider(p, oauth2, discovery, verifier);
        case "gitlab" -> new GitLabProvider(p, oauth2, discovery, verifier);
        case "microsoft" -> new MicrosoftProvider(p, oauth2, discovery, verifier, endpoints.microsoftLogin(),
            endpoints.microsoftGraphMe());
        case "github" -> new GitHubProvider(p, oauth2, endpoints.githubWeb(), endpoints.githubApi());
        // Refused at start (UnimplementedKeys); kept out so nothing half-works.
        default -> null;
      };
      if (provider != null) {
        byId.put(p.id(), provider);
      }
    }
  }

  public HttpJson http() {
    return http;
  }

  public OidcConfig config() {
    return config;
  }

  /** The providers in configuration order. */
  public List<OidcProvider> all() {
    return List.copyOf(byId.values());
  }

  public Optional<OidcProvider> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Provider {@code id}, or Kratos' 404 for an unknown one. */
  public OidcProvider get(String id) {
    return find(id).orElseThrow(() -> KratosError.notFound("OpenID Connect Provider \"" + id
        + "\" is unknown or has not been configured"));
  }

  public void close() {
    http.close();
  }
}
