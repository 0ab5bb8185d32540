package io.portcullis.session;

import io.portcullis.sessioncache.SessionCache;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Applies a revocation ({@code data} of {@code sh.portcullis.identity.session.revoked.v1}) to the cache: the named
 * sessions go, and for a deleted or deactivated identity every session of it. Applying one twice is harmless.
 */
final class Revocations {
  private Revocations() {
  }

  static void apply(SessionCache cache, JsonObject data) {
    JsonArray ids = data.getJsonArray("session_ids");
    if (ids != null) {
      for (Object id : ids) {
        cache.evictSession(String.valueOf(id));
      }
    }
    String cause = data.getString("cause", "");
    String identity = data.getString("identity_id");
    if (identity != null && (cause.equals("identity_deleted") || cause.equals("identity_deactivated"))) {
      cache.evictIdentity(identity);
    }
  }
}
