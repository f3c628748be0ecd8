package dev.scangate.attestations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passwords that open the signing keys stored in the database. Keys scangate generates are
 * encrypted with the configured password ({@code scangate.signing.key-password} or
 * {@code -file}) or, when none is configured, with a random password kept in a file of its own
 * (mode 600, {@code ~/.scangate/signing-key.password} by default), so the database alone never
 * opens a key. A password is held as {@code char[]} and never logged.
 */
final class SigningPasswords {

  private static final Logger log = LoggerFactory.getLogger(SigningPasswords.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** A password and where it came from (a property name or a file path), for messages. */
  record Password(char[] value, String source) {
    @Override
    public String toString() {
      return "Password[from " + source + "]";
    }
  }

  private final SigningProperties properties;

  SigningPasswords(SigningProperties properties) {
    this.properties = properties;
  }

  /** The configured password, if one is configured. */
  Password configured() {
    if (properties.keyPasswordFile() != null) {
      return new Password(readPasswordFile(properties.keyPasswordFile()),
          properties.passwordSource());
    }
    if (properties.keyPassword() != null) {
      return new Password(properties.keyPassword().toCharArray(), properties.passwordSource());
    }
    return null;
  }

  /**
   * The password new keys are encrypted with: the configured one, else the generated one (the
   * file is created on first use).
   */
  Password forNewKeys() {
    Password configured = configured();
    if (configured != null) {
      return configured;
    }
    Password generated = existingGenerated();
    return generated != null ? generated : createGenerated();
  }

  /**
   * Every password that may open a stored key, the configured one first: a key generated before
   * a password was configured still opens with the generated password while its file exists.
   * Nothing is created here: a new password opens no stored key.
   */
  List<Password> candidates() {
    List<Password> candidates = new ArrayList<>(2);
    Password configured = configured();
    if (configured != null) {
      candidates.add(configured);
    }
    Password generated = existingGenerated();
    if (generated != null) {
      candidates.add(generated);
    }
    return candidates;
  }

  /** The generated password, or null when its file does not exist. */
  private Password existingGenerated() {
    Path file = properties.generatedPasswordFile();
    return Files.isRegularFile(file) ? new Password(readPasswordFile(file), generatedSource())
        : null;
  }

  private String generatedSource() {
    return "the generated password file " + properties.generatedPasswordFile();
  }

  /** Creates the generated password file with a new random password. */
  private Password createGenerated() {
    Path file = properties.generatedPasswordFile();
    String source = generatedSource();
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      // Written to a temporary file created with mode 600 (never readable by others), then
      // linked into place: the link fails if another instance on this host was first, and no
      // reader ever sees a half-written file.
      Path temporary = Files.createTempFile(dir, ".signing-key", ".tmp",
          PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try {
        Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.TRUNCATE_EXISTING);
        Files.createLink(file, temporary);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (FileAlreadyExistsException e) {
      // another instance on this host created it first: use theirs
      return new Password(readPasswordFile(file), source);
    } catch (IOException e) {
      throw new UncheckedIOException("creating the signing key password file " + file
          + " failed: " + e.getMessage() + "; set scangate.signing.key-password or"
          + " scangate.signing.generated-password-file", e);
    }
    log.warn("No signing key password configured: generated one in {} (mode 600). It opens the"
        + " signing keys scangate generates; keep it with the database backups, and configure"
        + " scangate.signing.key-file and key-password for production.", file);
    return new Password(password.toCharArray(), source);
  }

  private static char[] readPasswordFile(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.length();
      while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
        end--;
      }
      return text.substring(0, end).toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the signing key password from " + file
          + " failed: " + e.getMessage(), e);
    }
  }
}
