package io.portcullis.session;

import io.portcullis.kafka.events.SessionsRevoked;
import io.portcullis.sessioncache.SessionCache;

/**
 * Applies a revocation ({@link SessionsRevoked}, the data of {@code sh.portcullis.identity.session.revoked.v1}) to
 * the cache: the named sessions go, and for a deleted or deactivated identity every session of it. Applying one
 * twice is harmless.
 */
final class Revocations {
  private Revocations() {
  }

  static void apply(SessionCache cache, SessionsRevoked revoked) {
    revoked.sessionIds().forEach(cache::evictSession);
    if (revoked.cause().endsIdentity()) {
      cache.evictIdentity(revoked.identityId().toString());
    }
  }
}
