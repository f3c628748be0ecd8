package dev.scangate.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the recorded registry data under src/test/resources/registry (see SOURCES.md there). */
final class TestFiles {

  private TestFiles() {
  }

  static byte[] read(String name) {
    try (InputStream in = TestFiles.class.getResourceAsStream("/registry/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource registry/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
