package dev.scangate.catalog.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fetches real packages at test time with the registries' own clients, into a cache under
 * target/ that later runs reuse: {@code npm pack} from the npm registry and
 * {@code apt-get download} from Debian, unpacked with {@code tar} and {@code dpkg-deb}.
 */
final class RegistryDownloads {

  private static final Path CACHE = Path.of("target", "registry-downloads");
  private static final long TIMEOUT_MINUTES = 5;

  private RegistryDownloads() {
  }

  /**
   * The unpacked content ({@code package/…}) of an npm package, e.g.
   * {@code npmPackage("@esbuild/linux-x64@0.19.12")}.
   */
  static Path npmPackage(String spec) throws IOException {
    Path dir = CACHE.resolve("npm").resolve(spec.replaceAll("[^A-Za-z0-9.@-]", "_"));
    Path unpacked = dir.resolve("unpacked");
    if (!Files.isDirectory(unpacked)) {
      Files.createDirectories(dir);
      run(dir, List.of("npm", "pack", spec, "--silent", "--pack-destination", "."));
      Path tarball = single(dir, ".tgz");
      Path partial = Files.createDirectories(dir.resolve("partial"));
      run(dir, List.of("tar", "-xzf", tarball.getFileName().toString(), "-C", "partial"));
      Files.move(partial, unpacked);
    }
    return unpacked;
  }

  /** The files of a Debian package extracted as dpkg would install them under a root. */
  static Path debianPackage(String name) throws IOException {
    Path dir = CACHE.resolve("deb").resolve(name);
    Path root = dir.resolve("root");
    if (!Files.isDirectory(root)) {
      Files.createDirectories(dir);
      try {
        run(dir, List.of("apt-get", "download", "-q", name));
      } catch (IOException e) {
        // a machine whose package lists were never fetched knows no package yet
        run(dir, List.of("apt-get", "update", "-q"));
        run(dir, List.of("apt-get", "download", "-q", name));
      }
      Path deb = single(dir, ".deb");
      run(dir, List.of("dpkg-deb", "-x", deb.getFileName().toString(), "partial"));
      Files.move(dir.resolve("partial"), root);
    }
    return root;
  }

  private static Path single(Path dir, String suffix) throws IOException {
    List<Path> found;
    try (Stream<Path> list = Files.list(dir)) {
      found = list.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
    if (found.size() != 1) {
      throw new IOException("expected one " + suffix + " in " + dir + ", found " + found);
    }
    return found.get(0);
  }

  private static void run(Path directory, List<String> command) throws IOException {
    Path log = Files.createTempFile("registry-download", ".log");
    try {
      Process process = new ProcessBuilder(new ArrayList<>(command))
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in "
            + TIMEOUT_MINUTES + " minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " exited " + process.exitValue()
            + ": " + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
