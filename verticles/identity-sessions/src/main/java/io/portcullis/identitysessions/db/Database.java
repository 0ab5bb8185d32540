package io.portcullis.identitysessions.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Opens the identity service's PostgreSQL pool from a Kratos-style DSN. */
public final class Database {
  private Database() {
  }

  /**
   * @param dsn {@code postgres://user:password@host:5432/db?sslmode=disable} (Kratos' form; {@code postgresql://} too)
   * @throws IllegalArgumentException naming the key and what is expected when the DSN is not a PostgreSQL URL
   */
  public static Pool open(Vertx vertx, String dsn, int maxSize) {
    PgConnectOptions options = parse(dsn);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setName("portcullis-identity"))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  public static PgConnectOptions parse(String dsn) {
    if (dsn == null || dsn.isBlank()) {
      throw new IllegalArgumentException("portcullis.identity.dsn: is required when the identity role is enabled "
          + "(expected postgres://user:password@host:5432/database?sslmode=disable)");
    }
    if (!dsn.startsWith("postgres://") && !dsn.startsWith("postgresql://")) {
      String scheme = dsn.contains("://") ? dsn.substring(0, dsn.indexOf("://")) : dsn.split(":")[0];
      throw new IllegalArgumentException("portcullis.identity.dsn: scheme \"" + scheme
          + "\" is not supported (expected postgres://user:password@host:5432/database)");
    }
    try {
      // Kratos DSNs carry driver options Vert.x does not know (max_conns, ...): keep only what PostgreSQL reads.
      return PgConnectOptions.fromUri(dropUnknownParameters(dsn)).setCachePreparedStatements(true)
          .setPipeliningLimit(256);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("portcullis.identity.dsn: cannot be parsed (" + e.getMessage()
          + "; expected postgres://user:password@host:5432/database)");
    }
  }

  private static String dropUnknownParameters(String dsn) {
    int q = dsn.indexOf('?');
    if (q < 0) {
      return dsn;
    }
    StringBuilder kept = new StringBuilder();
    for (String param : dsn.substring(q + 1).split("&")) {
      String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
      if (name.equals("sslmode") || name.equals("application_name") || name.equals("search_path")) {
        kept.append(kept.length() == 0 ? "?" : "&").append(param);
      }
    }
    return dsn.substring(0, q) + kept;
  }
}
