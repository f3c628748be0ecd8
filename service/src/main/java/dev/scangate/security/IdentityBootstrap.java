package dev.scangate.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At startup, before requests are served: makes the configured bootstrap token and bootstrap
 * admin current, and on the very first start of an installation with neither (no tokens or users
 * ever), generates an admin token and writes it to {@code scangate.security.initial-token-file}
 * so whoever started scangate can use it. The secret is never logged.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
  private static final long IDENTITY_LOCK = 0x5343_4e47_4944_454eL; // "SCNGIDEN"

  private final IdentityProperties properties;
  private final ApiTokens tokens;
  private final Users users;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  IdentityBootstrap(IdentityProperties properties, ApiTokens tokens, Users users, JdbcClient jdbc,
      TransactionTemplate tx) {
    this.properties = properties;
    this.tokens = tokens;
    this.users = users;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public void afterSingletonsInstantiated() {
    try {
      sync();
    } catch (InitialTokenNotWritten e) {
      // already logged; the installation stays without an admin token until one is configured
    }
  }

  private void sync() {
    tx.executeWithoutResult(status -> {
      jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", IDENTITY_LOCK).query()
          .listOfRows();
      boolean firstStart = !tokens.anyEver() && !users.anyEver();
      tokens.syncBootstrap(properties.bootstrapToken());
      users.syncBootstrap(properties.bootstrapAdmin());
      if (firstStart && properties.bootstrapToken() == null
          && !properties.bootstrapAdmin().configured() && properties.security().initialToken()) {
        writeInitialToken(properties.security().initialTokenFile());
      }
    });
  }

  private void writeInitialToken(Path file) {
    String secret = tokens.createInitial();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file); // e.g. Windows: the user's profile directory is private
      }
      Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      // Rolls the token back: a token nobody can read is no use. Startup goes on; the API
      // answers 401 until scangate.bootstrap-token or scangate.bootstrap-admin is configured.
      log.warn("could not write the initial admin token to {} ({}); configure"
          + " SCANGATE_BOOTSTRAP_TOKEN to get an admin token", file, e.toString());
      throw new InitialTokenNotWritten(e);
    }
    log.warn("First start: generated an admin API token \"initial-admin\" and wrote it to {}"
        + " (readable by this user only). Use it as 'Authorization: Bearer <token>', create your"
        + " own tokens with POST /api/v1/tokens, then revoke this one.", file);
  }

  /** Thrown inside the bootstrap transaction to roll back an initial token nobody can read. */
  private static final class InitialTokenNotWritten extends RuntimeException {
    InitialTokenNotWritten(IOException cause) {
      super(cause);
    }
  }
}
