package io.portcullis.identitysessions.db;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/**
 * Tells a failure of the database itself (down, restarting, unreachable) from any other: the identity service answers
 * the first with 503, for a client to try again, instead of a 500.
 */
public final class DatabaseUnavailable {
  private DatabaseUnavailable() {
  }

  /**
   * True when {@code t} or a cause is a refused or lost connection, or PostgreSQL's connection exception (SQLSTATE
   * class 08) or operator intervention (57P: shutting down, starting up).
   */
  public static boolean is(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException || c instanceof ClosedConnectionException) {
        return true;
      }
      if (c instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }
}
