package dev.scangate.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the fixtures under {@code src/test/resources/signing/} (see SOURCES.md there). */
final class SigningFixtures {

  private SigningFixtures() {
  }

  static byte[] bytes(String path) {
    try (InputStream in = SigningFixtures.class.getResourceAsStream("/signing/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource signing/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  /** PEM text with CRLF and trailing blank lines normalized, for byte comparisons. */
  static String normalizedPem(String pem) {
    return pem.replace("\r\n", "\n").strip() + "\n";
  }
}
