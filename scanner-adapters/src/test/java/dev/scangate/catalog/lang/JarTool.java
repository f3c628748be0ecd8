package dev.scangate.catalog.lang;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Assembles war, ear and Spring Boot style archives with the JDK's own {@code jar} tool, and
 * finds the real jars that Maven copied from Central into {@code target/test-jars}.
 */
final class JarTool {

  /** Copied by the maven-dependency-plugin in generate-test-resources (see the module's pom). */
  static final Path TEST_JARS = Path.of("target", "test-jars");

  private JarTool() {
  }

  static Path testJar(String fileName) {
    Path jar = TEST_JARS.resolve(fileName);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing; run the build through "
          + "Maven (generate-test-resources copies it from Maven Central)");
    }
    return jar;
  }

  /**
   * Runs {@code jar --create} over the content of {@code directory}.
   *
   * @param manifest null for the jar tool's default manifest
   * @param store whether entries are stored uncompressed (as Spring Boot stores nested jars)
   */
  static Path create(Path archive, Path directory, Path manifest, boolean store)
      throws IOException {
    Files.createDirectories(archive.getParent());
    List<String> args = new ArrayList<>(List.of("--create", "--file", archive.toString()));
    if (store) {
      args.add("--no-compress");
    }
    if (manifest != null) {
      args.add("--manifest");
      args.add(manifest.toString());
    }
    args.addAll(List.of("-C", directory.toString(), "."));
    ToolProvider jar = ToolProvider.findFirst("jar")
        .orElseThrow(() -> new IllegalStateException("the JDK has no jar tool"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status = jar.run(print, print, args.toArray(String[]::new));
    if (status != 0) {
      throw new IOException("jar " + args + " exited " + status + ": "
          + out.toString(StandardCharsets.UTF_8));
    }
    return archive;
  }

  /** Copies a file into {@code directory/relative}, creating parents. */
  static Path copy(Path file, Path directory, String relative) throws IOException {
    Path target = directory.resolve(relative);
    Files.createDirectories(target.getParent());
    return Files.copy(file, target);
  }

  /** Writes the first {@code length} bytes of {@code file} to {@code target}: a truncated copy. */
  static Path truncated(Path file, Path target, int length) throws IOException {
    Files.createDirectories(target.getParent());
    byte[] bytes = Files.readAllBytes(file);
    return Files.write(target, java.util.Arrays.copyOf(bytes, Math.min(length, bytes.length)));
  }
}
