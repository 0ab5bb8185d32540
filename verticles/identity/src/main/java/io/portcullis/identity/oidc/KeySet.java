package io.portcullis.identity.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider's signing keys ({@code jwks_uri}), kept per URL. A token signed with a key not in the kept set makes the
 * set be fetched again, at most once per {@link #REFRESH_AFTER}, so a rotation is picked up and a flood of tokens with
 * made-up key ids cannot hammer the provider.
 */
public final class KeySet {
  static final Duration REFRESH_AFTER = Duration.ofSeconds(10);
  private final HttpJson http;
  private final Clock clock;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();

  private record Kept(Future<JWKSet> keys, Instant fetchedAt) {
  }

  public KeySet(HttpJson http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /** The keys at {@code url} that may have signed a token with key id {@code kid} (null: any). */
  public Future<List<JWK>> candidates(String url, String kid) {
    return keys(url, false).compose(set -> {
      List<JWK> found = matching(set, kid);
      if (!found.isEmpty()) {
        return Future.succeededFuture(found);
      }
      return keys(url, true).map(fresh -> matching(fresh, kid));
    });
  }

  private static List<JWK> matching(JWKSet set, String kid) {
    return set.getKeys().stream().filter(k -> kid == null || kid.equals(k.getKeyID())).toList();
  }

  private Future<JWKSet> keys(String url, boolean refresh) {
    Instant now = clock.instant();
    Kept k = kept.compute(url, (u, old) -> {
      if (old != null && !(refresh && old.fetchedAt().plus(REFRESH_AFTER).isBefore(now))
          && !(old.keys().failed())) {
        return old;
      }
      return new Kept(fetch(u), now);
    });
    return k.keys();
  }

  private Future<JWKSet> fetch(String url) {
    return http.get(url, null).map(json -> {
      try {
        return JWKSet.parse(json.encode());
      } catch (ParseException e) {
        throw io.portcullis.identitysessions.kratos.KratosError.upstream("The JSON Web Key Set at " + url
            + " is invalid: " + e.getMessage());
      }
    });
  }
}
