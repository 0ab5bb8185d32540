package io.portcullis.identity.courier;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;

/**
 * Where flows hand the mail they send. A message is queued in the caller's transaction, so it exists exactly when
 * the flow step that wrote it committed (a recovery link is never mailed for a flow that rolled back, and never lost
 * for one that committed); the courier verticle delivers it afterwards, with retries.
 */
public interface Courier {
  /** Renders {@code letter} with its template and stores it as {@code queued} in {@code tx}; returns its id. */
  Future<UUID> queue(SqlClient tx, Letter letter);
}
