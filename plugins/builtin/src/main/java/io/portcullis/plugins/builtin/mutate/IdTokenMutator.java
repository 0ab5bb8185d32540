package io.portcullis.plugins.builtin.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.portcullis.plugins.builtin.keys.KeySetLocation;
import io.portcullis.plugins.builtin.keys.KeySetSource;
import io.portcullis.plugins.builtin.keys.KeySetSources;
import io.portcullis.plugins.builtin.keys.SigningKey;
import io.portcullis.plugins.builtin.remote.Digest;
import io.portcullis.plugins.builtin.remote.GoDuration;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.LocalCache;
import io.portcullis.spi.Mutator;
import io.portcullis.spi.MutatorFactory;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.PluginServices;
import io.portcullis.spi.RequestTemplate;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code id_token}: the upstream gets {@code Authorization: Bearer <JWT>}, a token signed with the first private key
 * of {@code jwks_url}, issued by {@code issuer_url} for the subject, valid for {@code ttl}, carrying the claims the
 * {@code claims} template renders (a JSON object) plus {@code exp}, {@code jti}, {@code iat}, {@code iss},
 * {@code nbf} and {@code sub}. Tokens are reused per subject and rendered claims until 90 % of their lifetime is
 * spent. The key file is read again every {@link #KEY_REFRESH} (rotation); the public keys are published at
 * {@code /.well-known/jwks.json} on the API port, so upstreams can verify.
 */
@Extension
public final class IdTokenMutator implements MutatorFactory {
  static final Duration KEY_REFRESH = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CACHED_TOKENS = 10_000;

  private final KeySetSources sources = new KeySetSources();

  @Override
  public String id() {
    return "id_token";
  }

  /** A signed token and when it expires (services' clock, millis). */
  private record Issued(String token, long expiresAtMillis) {
  }

  @Override
  public Mutator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("claims", "issuer_url", "jwks_url", "ttl"));
    String issuer = config.requiredString("issuer_url");
    String jwksUrl = config.requiredString("jwks_url");
    KeySetLocation location = KeySetLocation.parse(config.field("jwks_url"), jwksUrl);
    Duration ttl = GoDuration.read(config, "ttl", "15m");
    if (ttl.isZero()) {
      throw new ConfigException(config.field("ttl"), "0", "a positive duration");
    }
    RequestTemplate claims = config.has("claims")
        ? context.template(config.field("claims"), config.string("claims", "")) : null;
    PluginServices services = context.services();
    KeySetSource keys = sources.get(location, services);
    keys.onLoad(() -> services.publishPublicKeys(location.url(), SigningKey.publicKeys(keys.current().set())));
    if (location.isFile()) {
      // create runs on a worker: read the file now, so a missing or keyless file refuses the rule at load.
      KeySetSource.Loaded loaded;
      try {
        loaded = keys.current() != null ? keys.current() : keys.loadNow();
      } catch (Exception e) {
        throw new ConfigException(config.field("jwks_url"), jwksUrl, "a readable JSON Web Key Set (" + e + ")");
      }
      if (SigningKey.first(loaded.set()) == null) {
        throw new ConfigException(config.field("jwks_url"), jwksUrl,
            "a JSON Web Key Set with a private RSA or EC key (or a symmetric key) with a kid");
      }
    }
    LocalCache<Issued> cache = services.cache("tokens/" + ttl.toMillis(), CACHED_TOKENS, ttl);
    return new Signer(issuer, jwksUrl, ttl, claims, keys, cache, services)::mutate;
  }

  private record Signer(String issuer, String jwksUrl, Duration ttl, RequestTemplate claims, KeySetSource keys,
      LocalCache<Issued> cache, PluginServices services) {

    CompletionStage<Outcome> mutate(AccessRequest request, AuthSession session) {
      String rendered = claims == null ? "" : claims.render(request, session);
      Map<String, Object> templateClaims;
      try {
        templateClaims = parseClaims(rendered);
      } catch (java.io.IOException | IllegalArgumentException e) {
        return Outcome.completed(Outcome.error("the claims template did not render a JSON object"));
      }
      String key = Digest.of(issuer, String.valueOf(ttl.toMillis()), jwksUrl, rendered, session.subject());
      long now = services.clock().millis();
      Issued hit = cache.get(key);
      if (hit != null && hit.expiresAtMillis() > now + ttl.toMillis() / 10) {
        session.setHeader("Authorization", "Bearer " + hit.token());
        return Outcome.successStage();
      }
      String subject = session.subject();
      return signingKey(now).thenCompose(signing -> services.blocking(() -> {
        long exp = now + ttl.toMillis();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        templateClaims.forEach(b::claim);
        b.expirationTime(new Date(exp)).jwtID(UUID.randomUUID().toString()).issueTime(new Date(now))
            .issuer(issuer).notBeforeTime(new Date(now)).subject(subject);
        return new Issued(signing.sign(b.build()), exp);
      })).handle((issued, failure) -> {
        if (failure != null) {
          return Outcome.error("the ID token could not be signed: " + failure);
        }
        cache.put(key, issued);
        session.setHeader("Authorization", "Bearer " + issued.token());
        return Outcome.success();
      });
    }

    /** The current signing key; a stale set is read again in the background, a missing one awaited. */
    private CompletionStage<SigningKey> signingKey(long now) {
      KeySetSource.Loaded loaded = keys.current();
      if (loaded != null) {
        if (now - loaded.readAtMillis() > KEY_REFRESH.toMillis()) {
          keys.refreshIfDue(KEY_REFRESH.toMillis());
        }
        return withKey(loaded);
      }
      CompletionStage<KeySetSource.Loaded> read = keys.refreshIfDue(1000);
      return read == null ? CompletableFuture.failedFuture(new IllegalStateException("no key set"))
          : read.thenCompose(this::withKey);
    }

    private CompletionStage<SigningKey> withKey(KeySetSource.Loaded loaded) {
      SigningKey k = SigningKey.first(loaded.set());
      return k == null ? CompletableFuture.failedFuture(new IllegalStateException("the key set at " + jwksUrl
          + " holds no signing key")) : CompletableFuture.completedFuture(k);
    }
  }

  private static Map<String, Object> parseClaims(String rendered) throws java.io.IOException {
    if (rendered.isBlank()) {
      return Map.of();
    }
    JsonNode node = JSON.readTree(rendered);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = JSON.convertValue(node, Map.class);
    return m;
  }
}
