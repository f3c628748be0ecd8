package dev.scangate.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The DataSource: the configured PostgreSQL, or an embedded one (zonky, PostgreSQL 17) whose data
 * survives restarts in {@code ~/.scangate/pgdata}. Flyway migrates whichever it is.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  DataSource dataSource(DatabaseProperties properties, EmbeddedDatabase embedded) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("scangate");
    config.setMaximumPoolSize(properties.poolSize());
    config.setMinimumIdle(Math.min(2, properties.poolSize()));
    if (properties.embedded()) {
      config.setJdbcUrl(embedded.jdbcUrl());
      config.setUsername("postgres");
    } else {
      config.setJdbcUrl(properties.url());
      config.setUsername(properties.username());
      config.setPassword(properties.password());
    }
    return new HikariDataSource(config);
  }

  @Bean(destroyMethod = "close")
  EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
    if (!properties.embedded()) {
      return EmbeddedDatabase.none();
    }
    log.warn("No scangate.database.url configured: starting an embedded PostgreSQL with data in {}."
        + " This is for evaluation only; set SCANGATE_DATABASE_URL for production.",
        properties.embeddedDirectory());
    try {
      Files.createDirectories(properties.embeddedDirectory());
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(properties.embeddedDirectory())
          .setCleanDataDirectory(false)
          .setPort(properties.embeddedPort() == 0 ? 0 : properties.embeddedPort())
          .start();
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("starting the embedded PostgreSQL in "
          + properties.embeddedDirectory() + " failed: " + e.getMessage(), e);
    }
  }

  /** Owns the embedded server's lifecycle; empty when an external database is configured. */
  static final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
      this.postgres = postgres;
    }

    static EmbeddedDatabase none() {
      return new EmbeddedDatabase(null);
    }

    String jdbcUrl() {
      return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
      if (postgres != null) {
        postgres.close();
      }
    }
  }
}
