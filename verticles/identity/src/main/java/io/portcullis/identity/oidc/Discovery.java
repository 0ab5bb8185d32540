package io.portcullis.identity.oidc;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenID Connect discovery ({@code <issuer>/.well-known/openid-configuration}), fetched once per issuer and kept, as
 * go-oidc's {@code NewProvider} does for Kratos. The document's {@code issuer} must be the issuer asked for.
 */
public final class Discovery {
  private final HttpJson http;
  private final Map<String, Future<Document>> documents = new ConcurrentHashMap<>();

  public Discovery(HttpJson http) {
    this.http = http;
  }

  /** The provider metadata this client uses. */
  public record Document(String issuer, String authorizationEndpoint, String tokenEndpoint, String userinfoEndpoint,
      String jwksUri, List<String> codeChallengeMethods, List<String> signingAlgorithms) {
    public boolean supportsS256() {
      return codeChallengeMethods.contains("S256");
    }
  }

  /** The document of {@code issuer}; a failure is not kept, so the next sign-in tries again. */
  public Future<Document> of(String issuer) {
    Future<Document> f = documents.computeIfAbsent(issuer, this::fetch);
    return f.onFailure(t -> documents.remove(issuer, f));
  }

  private Future<Document> fetch(String issuer) {
    String url = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
        + "/.well-known/openid-configuration";
    return http.get(url, null).map(d -> {
      String declared = d.getString("issuer", "");
      if (!declared.equals(issuer)) {
        throw KratosError.misconfiguration("Unable to initialize OpenID Connect Provider: oidc: issuer did not match "
            + "the issuer returned by provider, expected \"" + issuer + "\" got \"" + declared + "\"");
      }
      return new Document(declared, d.getString("authorization_endpoint", ""), d.getString("token_endpoint", ""),
          d.getString("userinfo_endpoint", ""), d.getString("jwks_uri", ""),
          strings(d.getJsonArray("code_challenge_methods_supported")),
          strings(d.getJsonArray("id_token_signing_alg_values_supported")));
    }).recover(t -> Future.failedFuture(t instanceof KratosError k && k.code() == 500 ? t
        : KratosError.misconfiguration("Unable to initialize OpenID Connect Provider: " + reason(t))));
  }

  static String reason(Throwable t) {
    return t instanceof KratosError k ? k.body().getString("reason", k.getMessage()) : String.valueOf(t.getMessage());
  }

  private static List<String> strings(JsonArray a) {
    return a == null ? List.of() : a.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }
}
