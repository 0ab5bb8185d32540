package io.portcullis.identity;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 17 per test JVM (zonky embedded binaries, free port), or the server named by
 * {@code PORTCULLIS_TEST_POSTGRES_URL}. Each caller gets its own fresh database, so tests never see each other's rows.
 */
public final class TestPostgres {
  private static EmbeddedPostgres server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestPostgres() {
  }

  /** A new empty database; returns its DSN in Kratos' form. */
  public static synchronized String newDatabase() {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.close();
          } catch (IOException ignored) {
            // the JVM is exiting
          }
        }));
      }
      String name = "portcullis_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return "postgres://postgres:postgres@127.0.0.1:" + server.getPort() + "/" + name + "?sslmode=disable";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
