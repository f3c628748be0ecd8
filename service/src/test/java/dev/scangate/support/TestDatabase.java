package dev.scangate.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh, empty PostgreSQL database per test context, on the first of: the server named by
 * {@code SCANGATE_TEST_DATABASE_URL} (CI and {@code bin/test} set it), a Testcontainers
 * PostgreSQL when a Docker engine answers, or an embedded PostgreSQL started once per JVM.
 */
public final class TestDatabase {

  private static Server server;

  private TestDatabase() {
  }

  /** JDBC URL, user and password of a newly created database. */
  public record Database(String url, String username, String password) {
  }

  public static synchronized Database create() {
    if (server == null) {
      server = startServer();
    }
    String name = "scangate_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(server.adminUrl, server.username,
        server.password); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("creating test database " + name + " on " + server.adminUrl
          + " failed: " + e.getMessage(), e);
    }
    return new Database(server.urlFor(name), server.username, server.password);
  }

  private static Server startServer() {
    String url = System.getenv("SCANGATE_TEST_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      String user = envOr("SCANGATE_TEST_DATABASE_USERNAME", "postgres");
      String password = envOr("SCANGATE_TEST_DATABASE_PASSWORD", "");
      return new Server(url, user, password);
    }
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (Exception ignored) {
          // the JVM is exiting; the data directory is a temporary one
        }
      }));
      return new Server(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
    } catch (Exception e) {
      throw new IllegalStateException("no test database: set SCANGATE_TEST_DATABASE_URL (bin/test"
          + " does), or provide a Docker engine; the embedded PostgreSQL failed too", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private record Server(String adminUrl, String username, String password) {
    String urlFor(String database) {
      int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
      int query = adminUrl.indexOf('?');
      String base = adminUrl.substring(0, slash + 1);
      return base + database + (query >= 0 ? adminUrl.substring(query) : "");
    }
  }
}
