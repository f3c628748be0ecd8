package dev.scangate.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where scangate keeps its data. With no {@code url}, an embedded PostgreSQL runs inside the
 * process with its data in {@code embeddedDirectory}: fine for evaluation, not for production.
 *
 * @param url JDBC URL of an external PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/scangate}
 * @param username database user
 * @param password database password (from the environment; never logged)
 * @param embeddedDirectory data directory of the embedded PostgreSQL
 * @param embeddedPort port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one
 * @param poolSize most connections this instance opens
 */
@ConfigurationProperties("scangate.database")
public record DatabaseProperties(String url, String username, String password,
    Path embeddedDirectory, Integer embeddedPort, Integer poolSize) {

  public DatabaseProperties {
    if (url != null && url.isBlank()) {
      url = null;
    }
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("scangate.database.url must be a PostgreSQL JDBC URL"
          + " (jdbc:postgresql://host:5432/db), got \"" + url + "\"");
    }
    if (embeddedDirectory == null) {
      embeddedDirectory = Path.of(System.getProperty("user.home"), ".scangate", "pgdata");
    }
    if (embeddedPort == null) {
      embeddedPort = 0;
    }
    if (poolSize == null) {
      poolSize = 20;
    }
    if (poolSize < 2) {
      throw new IllegalArgumentException("scangate.database.pool-size must be at least 2");
    }
    if (embeddedPort < 0 || embeddedPort > 65535) {
      throw new IllegalArgumentException("scangate.database.embedded-port must be 0-65535");
    }
  }

  boolean embedded() {
    return url == null;
  }

  @Override
  public String toString() {
    return "DatabaseProperties[url=" + url + ", username=" + username + ", password="
        + (password == null ? "unset" : "***") + ", embeddedDirectory=" + embeddedDirectory + "]";
  }
}
