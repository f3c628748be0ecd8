package dev.scangate.attestations;

import dev.scangate.signing.CosignKeyException;
import dev.scangate.signing.CosignPrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * The cosign key named by {@code scangate.signing.key-file}, decrypted at startup so a wrong
 * password, a SEC1 key or a corrupt PEM stops the application with the library's reason before
 * anything is signed.
 *
 * @param pem the key file's text, stored as it is (still encrypted with the operator's password)
 * @param key the decrypted key
 */
record ConfiguredKey(String pem, CosignPrivateKey key) {

  /** The configured key, or null when {@code scangate.signing.key-file} is not set. */
  static ConfiguredKey load(SigningProperties properties, SigningPasswords passwords) {
    if (properties.keyFile() == null) {
      return null;
    }
    String pem;
    try {
      pem = Files.readString(properties.keyFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("scangate.signing.key-file: reading " + properties.keyFile()
          + " failed: " + e.getMessage(), e);
    }
    SigningPasswords.Password password = passwords.configured();
    try {
      return new ConfiguredKey(pem, CosignPrivateKey.decrypt(pem, password.value()));
    } catch (CosignKeyException e) {
      throw new InvalidSigningKeyException("scangate.signing.key-file " + properties.keyFile()
          + " cannot be used (" + e.reason() + "): " + e.getMessage()
          + (e.reason() == CosignKeyException.Reason.WRONG_PASSWORD
              ? "; check " + password.source() : ""));
    } finally {
      Arrays.fill(password.value(), '\0');
    }
  }

  @Override
  public String toString() {
    return "ConfiguredKey[keyId " + key.keyId() + "]";
  }

  /**
   * The configured key cannot be used. The message carries the library's reason and message
   * (never key material or the password), so it is the whole story and has no cause.
   */
  static final class InvalidSigningKeyException extends IllegalStateException {
    InvalidSigningKeyException(String message) {
      super(message);
    }
  }
}
