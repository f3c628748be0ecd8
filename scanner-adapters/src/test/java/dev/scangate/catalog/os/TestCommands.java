package dev.scangate.catalog.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real tools integration tests compare against (dpkg-query, rpm, debootstrap). */
final class TestCommands {

  private TestCommands() {
  }

  /**
   * Runs a command and returns its standard output; fails, showing its error output, when it
   * cannot start, exits non-zero or outlives {@code timeoutSeconds}.
   */
  static String run(long timeoutSeconds, String... command) {
    try {
      Path stdout = Files.createTempFile("scangate-cmd", ".out");
      Path stderr = Files.createTempFile("scangate-cmd", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new AssertionError(List.of(command) + " did not finish in " + timeoutSeconds
              + " s");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(List.of(command) + " exited with " + process.exitValue()
              + ":\n" + Files.readString(stderr, StandardCharsets.UTF_8)
              + Files.readString(stdout, StandardCharsets.UTF_8));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + List.of(command) + " (is the tool installed?): "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + List.of(command), e);
    }
  }
}
