package io.portcullis.identity.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied at start in order, all pending ones in one transaction (DDL is
 * transactional in PostgreSQL, so a failed upgrade leaves the schema as it was). An advisory lock makes nodes
 * that start together take turns, so a migration runs once. Applied versions are kept in
 * {@code portcullis_migrations}; a database that has versions this build does not know refuses to start (an older
 * node must not write to a newer schema).
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  /** In order; a file is never edited once released: add a new one. */
  static final List<String> FILES = List.of("0001_identities_sessions_flows.sql", "0002_outbox_notify.sql",
      "0003_selfservice_errors.sql", "0004_courier.sql", "0005_recovery_verification.sql");
  private static final long LOCK_KEY = 0x706f7274L; // "port"

  private Migrations() {
  }

  /** Applies what is missing; completes with the number of migrations applied. */
  public static Future<Integer> apply(Pool pool) {
    // Read on the calling thread, before anything runs on an event loop: no resource I/O there.
    List<String> sql = FILES.stream().map(Migrations::read).toList();
    return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
        .compose(x -> conn.query("CREATE TABLE IF NOT EXISTS portcullis_migrations (version integer PRIMARY KEY, "
            + "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())").execute())
        .compose(x -> conn.query("SELECT version FROM portcullis_migrations").execute())
        .compose(rows -> {
          Set<Integer> applied = new HashSet<>();
          for (Row r : rows) {
            applied.add(r.getInteger(0));
          }
          int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
          if (newest > FILES.size()) {
            return Future.failedFuture(new IllegalStateException("the identity database has schema version "
                + newest + ", newer than this Portcullis (" + FILES.size() + "): upgrade Portcullis"));
          }
          Future<Integer> chain = Future.succeededFuture(0);
          for (int i = 0; i < FILES.size(); i++) {
            int version = i + 1;
            String file = FILES.get(i);
            String text = sql.get(i);
            if (!applied.contains(version)) {
              chain = chain.compose(n -> run(conn, version, file, text).map(n + 1));
            }
          }
          return chain;
        }));
  }

  private static Future<Void> run(SqlConnection conn, int version, String file, String sql) {
    LOG.info("identity database: applying migration {} ({})", version, file);
    return conn.query(sql).execute()
        .compose(x -> conn.preparedQuery("INSERT INTO portcullis_migrations (version, name) VALUES ($1, $2)")
            .execute(Tuple.of(version, file)))
        .mapEmpty();
  }

  private static String read(String file) {
    try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + file + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + file, e);
    }
  }
}
