package dev.scangate.attestations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How scangate signs. Validated at startup: a key file or password file that is not readable,
 * both password options at once, or a key file without a password stop the application naming
 * the property. The password is never logged or returned: {@link #toString()} hides it.
 *
 * <pre>{@code
 * scangate:
 *   signing:
 *     key-file: /run/secrets/cosign.key          # made by `cosign generate-key-pair`
 *     key-password-file: /run/secrets/cosign.password
 * }</pre>
 *
 * @param keyFile a cosign private key ({@code ENCRYPTED SIGSTORE PRIVATE KEY} or
 *     {@code ENCRYPTED COSIGN PRIVATE KEY}) imported at startup; it becomes the active key the
 *     first time it is imported
 * @param keyPassword the password of {@code keyFile}, and of keys scangate generates; may be
 *     empty (cosign allows keys without password)
 * @param keyPasswordFile a file holding that password instead; trailing line breaks are dropped
 * @param generatedPasswordFile when neither password option is set: where scangate keeps the
 *     password it generates for the keys it generates (created with mode 600 on first start)
 * @param pushRegistries registries ({@code host[:port]}, {@code *} wildcards) whose images get
 *     their signatures and attestations pushed; for others they are only stored
 * @param pushMaxAttempts registry push attempts per attestation before it is marked FAILED
 */
@ConfigurationProperties("scangate.signing")
public record SigningProperties(Path keyFile, String keyPassword, Path keyPasswordFile,
    Path generatedPasswordFile, List<String> pushRegistries, Integer pushMaxAttempts) {

  private static final String PREFIX = "scangate.signing.";

  public SigningProperties {
    if (keyPassword != null && keyPasswordFile != null) {
      throw new IllegalArgumentException(PREFIX + "key-password and " + PREFIX
          + "key-password-file are both set; set one of them");
    }
    if (keyPasswordFile != null && !Files.isReadable(keyPasswordFile)) {
      throw new IllegalArgumentException(PREFIX + "key-password-file: " + keyPasswordFile
          + " is not a readable file");
    }
    if (keyFile != null) {
      if (!Files.isRegularFile(keyFile) || !Files.isReadable(keyFile)) {
        throw new IllegalArgumentException(PREFIX + "key-file: " + keyFile
            + " is not a readable file");
      }
      if (keyPassword == null && keyPasswordFile == null) {
        throw new IllegalArgumentException(PREFIX + "key-file is set but its password is not:"
            + " set " + PREFIX + "key-password (empty for a key without password) or " + PREFIX
            + "key-password-file");
      }
    }
    generatedPasswordFile = generatedPasswordFile == null
        ? Path.of(System.getProperty("user.home"), ".scangate", "signing-key.password")
        : generatedPasswordFile;
    pushRegistries = pushRegistries == null ? List.of("*") : List.copyOf(pushRegistries);
    pushMaxAttempts = pushMaxAttempts == null ? 10 : pushMaxAttempts;
    if (pushMaxAttempts < 1) {
      throw new IllegalArgumentException(PREFIX + "push-max-attempts must be at least 1, got "
          + pushMaxAttempts);
    }
  }

  /** Whether a password is configured (rather than generated). */
  boolean passwordConfigured() {
    return keyPassword != null || keyPasswordFile != null;
  }

  /** Where the configured password comes from, for messages: the property name. */
  String passwordSource() {
    return keyPasswordFile != null ? PREFIX + "key-password-file (" + keyPasswordFile + ")"
        : PREFIX + "key-password";
  }

  /** Whether images of this registry ({@code host[:port]}) get signatures pushed. */
  boolean pushesTo(String registry) {
    for (String entry : pushRegistries) {
      String regex = Pattern.quote(entry.strip()).replace("*", "\\E[^/]*\\Q");
      if (Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(registry).matches()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "SigningProperties[keyFile=" + keyFile + ", keyPassword="
        + (keyPassword == null ? "unset" : "***") + ", keyPasswordFile=" + keyPasswordFile
        + ", generatedPasswordFile=" + generatedPasswordFile + ", pushRegistries="
        + pushRegistries + ", pushMaxAttempts=" + pushMaxAttempts + "]";
  }
}
