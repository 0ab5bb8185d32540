package io.portcullis.identity.oidc;

import io.portcullis.config.OidcConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 authorization code grant as Go's {@code golang.org/x/oauth2} does it for Kratos: the authorization
 * URL, and the token request authenticating the client with HTTP Basic first and in the form when the token endpoint
 * refuses that ({@code AuthStyleAutoDetect}, remembered per endpoint).
 */
public final class OAuth2Client {
  /** Kratos' allowed {@code upstream_parameters}. */
  static final Set<String> UPSTREAM = Set.of("login_hint", "hd", "prompt", "auth_type");
  private final HttpJson http;
  private final Map<String, Boolean> formAuth = new java.util.concurrent.ConcurrentHashMap<>();

  public OAuth2Client(HttpJson http) {
    this.http = http;
  }

  public HttpJson http() {
    return http;
  }

  /** The authorization URL: Go's {@code AuthCodeURL} parameters, then the provider's own ({@code extra}). */
  public String authorizationUrl(String endpoint, OidcConfig.Provider p, List<String> scopes,
      OidcProvider.Authorization a, Map<String, String> extra) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", p.clientId());
    q.put("redirect_uri", a.redirectUri());
    q.put("response_type", "code");
    if (!scopes.isEmpty()) {
      q.put("scope", String.join(" ", scopes));
    }
    q.put("state", a.state());
    if (a.codeChallenge() != null) {
      q.put("code_challenge", a.codeChallenge());
      q.put("code_challenge_method", "S256");
    }
    if (a.nonce() != null) {
      q.put("nonce", a.nonce());
    }
    a.upstream().forEach((k, v) -> {
      if (UPSTREAM.contains(k)) {
        q.put(k, v);
      }
    });
    q.putAll(extra);
    String query = q.entrySet().stream().map(e -> HttpJson.enc(e.getKey()) + "=" + HttpJson.enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return endpoint + (endpoint.contains("?") ? "&" : "?") + query;
  }

  /** The code exchanged for tokens at {@code tokenUrl}. */
  public Future<Tokens> exchange(String tokenUrl, OidcConfig.Provider p, String code, String verifier,
      String redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    if (verifier != null) {
      form.put("code_verifier", verifier);
    }
    if (Boolean.TRUE.equals(formAuth.get(tokenUrl))) {
      return inForm(tokenUrl, p, form).map(OAuth2Client::tokens);
    }
    String basic = Base64.getEncoder().encodeToString((HttpJson.enc(p.clientId()) + ":"
        + HttpJson.enc(p.clientSecret())).getBytes(StandardCharsets.UTF_8));
    return http.postForm(tokenUrl, form, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic " + basic))
        .compose(r -> {
          if (r.status() >= 200 && r.status() < 300) {
            return Future.succeededFuture(tokens(r));
          }
          return inForm(tokenUrl, p, form).map(second -> {
            Tokens t = tokens(second);
            formAuth.put(tokenUrl, true);
            return t;
          });
        });
  }

  private Future<HttpJson.Reply> inForm(String tokenUrl, OidcConfig.Provider p, Map<String, String> form) {
    Map<String, String> withClient = new LinkedHashMap<>(form);
    withClient.put("client_id", p.clientId());
    withClient.put("client_secret", p.clientSecret());
    return http.postForm(tokenUrl, withClient, MultiMap.caseInsensitiveMultiMap());
  }

  /** The tokens of a 2xx answer, or Go's {@code oauth2.RetrieveError} text. */
  private static Tokens tokens(HttpJson.Reply r) {
    JsonObject json = r.json();
    if (r.status() < 200 || r.status() >= 300) {
      if (json != null && json.getValue("error") instanceof String code && !code.isEmpty()) {
        String text = "oauth2: " + io.portcullis.rules.template.GoFormat.quote(code);
        if (json.getValue("error_description") instanceof String d && !d.isEmpty()) {
          text += " " + io.portcullis.rules.template.GoFormat.quote(d);
        }
        throw KratosError.internal(text);
      }
      throw KratosError.internal("oauth2: cannot fetch token: " + r.status() + "\nResponse: "
          + r.body().toString(StandardCharsets.UTF_8));
    }
    if (json == null) {
      // GitHub without Accept: application/json answers a form; we always ask for JSON.
      throw KratosError.internal("oauth2: cannot parse json: the token endpoint did not answer JSON");
    }
    if (json.getString("access_token", "").isEmpty()) {
      throw KratosError.internal("oauth2: server response missing access_token");
    }
    return Tokens.of(json);
  }
}
