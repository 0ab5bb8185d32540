package io.portcullis.plugins.builtin.authn;

import io.portcullis.plugins.builtin.remote.Digest;
import io.portcullis.plugins.builtin.remote.Form;
import io.portcullis.plugins.builtin.remote.HttpUrl;
import io.portcullis.plugins.builtin.remote.RetryPolicy;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.PluginServices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code oauth2_introspection}: a bearer token (starting with {@code prefix}) is sent to {@code introspection_url}
 * (RFC 7662) and must come back active, unexpired, an access token, for every {@code target_audience}, from one of
 * the {@code trusted_issuers}, with every {@code required_scope} under {@code scope_strategy} (with {@code none} the
 * scopes are sent to the server to check). The subject is {@code sub}; {@code ext} plus {@code username},
 * {@code client_id}, {@code scope} and {@code aud} become {@code extra}.
 *
 * <p>With {@code cache.enabled}, answers are kept until the token's {@code exp} (or {@code cache.ttl} if sooner),
 * under a key made of the introspection URL, what the request to it carried besides the token (the scopes sent, the
 * extra headers, the pre-authorization client) and the rule's required scopes and audiences; and an answer from the
 * cache is checked against this rule exactly like a fresh one. So a token introspected for one rule can never pass
 * another rule's checks unchecked (Oathkeeper's advisories GHSA-qvp4-rpmr-xwrr and GHSA-4mq7-pvjg-xp2r).
 */
@Extension
public final class OAuth2IntrospectionAuthenticator implements AuthenticatorFactory {
  private static final Set<String> KEYS = Set.of("introspection_url", "scope_strategy", "pre_authorization",
      "required_scope", "target_audience", "trusted_issuers", "prefix", "preserve_host",
      "introspection_request_headers", "token_from", "retry", "cache");

  @Override
  public String id() {
    return "oauth2_introspection";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(KEYS);
    String url = HttpUrl.required(config, "introspection_url").toString();
    PluginServices services = context.services();
    RetryPolicy retry = RetryPolicy.read(config);
    Rule rule = new Rule(url, ScopeStrategy.read(config), config.stringList("required_scope"),
        config.stringList("target_audience"), config.stringList("trusted_issuers"), config.string("prefix", ""),
        config.bool("preserve_host", false), config.stringMap("introspection_request_headers"),
        TokenLocation.of(config), retry, PreAuthorization.read(config, retry, services),
        config.object("pre_authorization").string("client_id", ""),
        TokenCache.read(config, "max_cost", 100_000_000, "introspections", services), services);
    return rule::authenticate;
  }

  /** One rule's introspection. */
  private static final class Rule {
    private final String url;
    private final ScopeStrategy strategy;
    private final List<String> requiredScope;
    private final List<String> audiences;
    private final List<String> issuers;
    private final String prefix;
    private final boolean preserveHost;
    private final Map<String, String> extraHeaders;
    private final TokenLocation from;
    private final RetryPolicy retry;
    private final PreAuthorization preAuthorization;
    private final String preAuthorizationClient;
    /** Null when the cache is not enabled. */
    private final TokenCache<IntrospectionResult> cache;
    private final PluginServices services;

    Rule(String url, ScopeStrategy strategy, List<String> requiredScope, List<String> audiences, List<String> issuers,
        String prefix, boolean preserveHost, Map<String, String> extraHeaders, TokenLocation from, RetryPolicy retry,
        PreAuthorization preAuthorization, String preAuthorizationClient, TokenCache<IntrospectionResult> cache,
        PluginServices services) {
      this.url = url;
      this.strategy = strategy;
      this.requiredScope = requiredScope;
      this.audiences = audiences;
      this.issuers = issuers;
      this.prefix = prefix;
      this.preserveHost = preserveHost;
      this.extraHeaders = extraHeaders;
      this.from = from;
      this.retry = retry;
      this.preAuthorization = preAuthorization;
      this.preAuthorizationClient = preAuthorizationClient;
      this.cache = cache;
      this.services = services;
    }

    CompletionStage<Outcome> authenticate(AccessRequest request, AuthSession session) {
      String token = from.read(request);
      if (token == null || token.isEmpty() || !token.startsWith(prefix)) {
        return Outcome.notResponsibleStage();
      }
      String key = cache == null ? null : cacheKey(token);
      IntrospectionResult hit = key == null ? null : cache.get(key);
      if (hit != null) {
        return Outcome.completed(check(hit, session));
      }
      return introspect(token, request).thenApply(answer -> {
        if (answer instanceof Outcome refused) {
          return refused;
        }
        IntrospectionResult result = (IntrospectionResult) answer;
        Outcome outcome = check(result, session);
        if (key != null && outcome.kind() == Outcome.Kind.SUCCESS) {
          cache.put(key, result, result.expires() * 1000);
        }
        return outcome;
      });
    }

    /** The key: everything that shapes the server's answer or this rule's reading of it, and the token, hashed. */
    private String cacheKey(String token) {
      String sentScope = strategy == ScopeStrategy.NONE ? String.join(" ", requiredScope) : "";
      return Digest.of(url, sentScope, String.join(" ", requiredScope), String.join(" ", audiences),
          String.join(" ", issuers), new TreeMap<>(extraHeaders).toString(), preAuthorizationClient, token);
    }

    /** The server's answer: an {@link IntrospectionResult}, or the {@link Outcome} that refuses the request. */
    private CompletionStage<Object> introspect(String token, AccessRequest request) {
      Form form = new Form().add("token", token);
      if (strategy == ScopeStrategy.NONE) {
        form.add("scope", String.join(" ", requiredScope));
      }
      byte[] body = form.encode();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
      headers.put("Content-Type", List.of(Form.CONTENT_TYPE));
      if (preserveHost) {
        headers.put("X-Forwarded-Host", List.of(request.host()));
      }
      CompletionStage<String> authorization = preAuthorization == null
          ? CompletableFuture.completedFuture(null) : preAuthorization.authorization();
      return authorization.thenCompose(bearer -> {
        if (bearer != null) {
          headers.put("Authorization", List.of(bearer));
        }
        return retry.send(services, timeout -> new HttpCaller.Call("POST", url, headers, body, timeout));
      }).handle((reply, failure) -> {
        if (failure != null) {
          return Outcome.error("the introspection endpoint could not be reached: " + failure);
        }
        if (reply.status() == 429) {
          return Outcome.denied(429, "the introspection endpoint answered 429 Too Many Requests");
        }
        if (reply.status() != 200) {
          return Outcome.error("Introspection returned status code " + reply.status() + " but expected 200");
        }
        IntrospectionResult result = IntrospectionResult.parse(reply.body());
        return result == null ? Outcome.error("the introspection answer is not a valid JSON object") : result;
      });
    }

    /** Oathkeeper's checks, applied to every answer, fresh or cached. */
    private Outcome check(IntrospectionResult i, AuthSession session) {
      if (!i.tokenUse().isEmpty() && !i.tokenUse().equals("access_token")) {
        return Outcome.forbidden("Use of introspected token is not an access token but \"" + i.tokenUse() + "\"");
      }
      if (!i.active()) {
        return Outcome.unauthorized("Access token is not active");
      }
      if (i.expires() > 0 && i.expires() * 1000 < services.clock().millis()) {
        return Outcome.unauthorized("Access token expired");
      }
      for (String a : audiences) {
        if (!i.audience().contains(a)) {
          return Outcome.forbidden("Token audience is not intended for target audience " + a);
        }
      }
      if (!issuers.isEmpty() && !issuers.contains(i.issuer())) {
        return Outcome.forbidden("Token issuer does not match any trusted issuer");
      }
      if (strategy != ScopeStrategy.NONE) {
        List<String> granted = List.of(i.scope().split(" ", -1));
        for (String s : requiredScope) {
          if (!strategy.grants(granted, s)) {
            return Outcome.forbidden("Scope " + s + " was not granted");
          }
        }
      }
      Map<String, Object> extra = new LinkedHashMap<>(i.ext());
      extra.put("username", i.username());
      extra.put("client_id", i.clientId());
      extra.put("scope", i.scope());
      if (!i.audience().isEmpty()) {
        extra.put("aud", i.audience());
      }
      session.setSubject(i.subject());
      session.extra().putAll(extra);
      return Outcome.success();
    }
  }
}
