package io.portcullis.plugins.builtin.authn;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import io.portcullis.plugins.builtin.keys.KeySetSource;
import io.portcullis.spi.PluginServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the verification key for a {@code kid} in a rule's {@code jwks_urls}, as Oathkeeper's credentials fetcher
 * does: sets younger than {@code jwks_ttl} are used as they are; otherwise every stale location is read again and
 * the answer awaited for at most {@code jwks_max_wait}. Past that wait the last sets are used even when stale (the
 * reads go on and land in the cache). An unknown {@code kid} in fresh sets means the issuer may have rotated: the
 * locations are read again. Reads start at most once per {@link #REFRESH_INTERVAL} per location, so neither tokens
 * with made-up key ids nor a failing location make us hammer the issuer.
 */
final class JwtKeyResolver {
  static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);

  private final List<KeySetSource> sources;
  private final Duration ttl;
  private final Duration maxWait;
  private final PluginServices services;

  JwtKeyResolver(List<KeySetSource> sources, Duration ttl, Duration maxWait, PluginServices services) {
    this.sources = List.copyOf(sources);
    this.ttl = ttl;
    this.maxWait = maxWait;
    this.services = services;
  }

  /** The key, or null when no location has one for {@code kid} with use {@code sig} (or no use). */
  CompletionStage<JWK> resolve(String kid) {
    long now = services.clock().millis();
    JWK key = find(kid, false, now);
    if (key != null) {
      return CompletableFuture.completedFuture(key);
    }
    List<CompletableFuture<?>> reads = new ArrayList<>();
    for (KeySetSource source : sources) {
      CompletionStage<KeySetSource.Loaded> read = source.refreshIfDue(REFRESH_INTERVAL.toMillis());
      if (read != null) {
        reads.add(read.toCompletableFuture());
      }
    }
    if (reads.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Boolean> allRead = CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .handle((v, failure) -> true);
    CompletableFuture<Boolean> waited = services.delay(maxWait).toCompletableFuture().thenApply(v -> false);
    return allRead.applyToEither(waited, finished -> find(kid, !finished, services.clock().millis()));
  }

  private JWK find(String kid, boolean staleAcceptable, long now) {
    for (KeySetSource source : sources) {
      KeySetSource.Loaded loaded = source.current();
      if (loaded == null || (!staleAcceptable && now - loaded.readAtMillis() > ttl.toMillis())) {
        continue;
      }
      for (JWK k : loaded.set().getKeys()) {
        if (kid.equals(k.getKeyID()) && (k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))) {
          return k;
        }
      }
    }
    return null;
  }
}
