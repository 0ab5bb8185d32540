package io.portcullis.quickstart;

import io.portcullis.server.Failures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The identity service's PostgreSQL for the quickstart: zonky's binaries from Maven, so nothing is installed. Data lives
 * in {@code <dir>/postgres} and is kept between runs, so a rerun with the same {@code --dir} keeps its identities.
 */
final class QuickstartPostgres implements AutoCloseable {
  static final String DATABASE = "portcullis";

  private final EmbeddedPostgres server;

  private QuickstartPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /**
   * Starts PostgreSQL (port 0: a free one) and creates the {@value #DATABASE} database if missing.
   *
   * @throws IllegalStateException saying why and what to do
   */
  static QuickstartPostgres start(Path home, int port) {
    Path data = home.resolve("postgres");
    Path log = home.resolve("postgres.log");
    EmbeddedPostgres server;
    try {
      Files.createDirectories(data);
      server = EmbeddedPostgres.builder()
          .setDataDirectory(data)
          .setCleanDataDirectory(false)
          .setPort(port)
          // Stopped by the quickstart's own hook, after the identity service has closed its pool.
          .setRegisterShutdownHook(false)
          .setOutputRedirector(Redirect.appendTo(log.toFile()))
          .setErrorRedirector(Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot start the embedded PostgreSQL in " + data + ": " + Failures.rootMessage(e)
          + ". See " + log + ". If another quickstart uses this folder, stop it or choose another --dir; if the port is"
          + " taken, choose another with --postgres-port. The bundled binaries are for Linux x86_64 (glibc).", e);
    }
    QuickstartPostgres pg = new QuickstartPostgres(server);
    try {
      pg.createDatabase();
    } catch (SQLException e) {
      pg.close();
      throw new IllegalStateException("PostgreSQL started but the " + DATABASE + " database cannot be created: "
          + e.getMessage() + ". Delete " + data + " to start from scratch.", e);
    }
    return pg;
  }

  private void createDatabase() throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      q.setString(1, DATABASE);
      try (ResultSet r = q.executeQuery(); Statement s = c.createStatement()) {
        if (!r.next()) {
          s.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
  }

  /** Kratos' DSN form, as {@code portcullis.identity.dsn} expects it. */
  String dsn() {
    return "postgres://postgres:postgres@127.0.0.1:" + server.getPort() + "/" + DATABASE + "?sslmode=disable";
  }

  /** Stops the postmaster (fast shutdown); safe to call twice. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
    }
  }
}
