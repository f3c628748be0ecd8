package dev.scangate.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The npm packages the independent verifications need (sigstore@4, tweetnacl@1), installed with
 * the real npm client into {@code /tmp/scangate-test/npm/signing} on first use and reused after;
 * the npm cache lives next to it.
 */
final class NodeModules {

  static final List<String> PACKAGES = List.of("sigstore@4", "tweetnacl@1");
  private static final Path HOME = Path.of(System.getenv().getOrDefault("SCANGATE_TEST_HOME",
      "/tmp/scangate-test"), "npm");

  private NodeModules() {
  }

  /** The directory whose node_modules holds the packages; installs them when missing. */
  static synchronized Path installed() throws IOException, InterruptedException {
    Path dir = HOME.resolve("signing");
    if (Files.exists(dir.resolve("node_modules/sigstore/package.json"))
        && Files.exists(dir.resolve("node_modules/tweetnacl/package.json"))) {
      return dir;
    }
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve("package.json"))) {
      Files.writeString(dir.resolve("package.json"),
          "{\"name\":\"scangate-signing-it\",\"private\":true}\n");
    }
    List<String> command = new java.util.ArrayList<>(List.of("npm", "install", "--no-audit",
        "--no-fund", "--cache", HOME.resolve("cache").toString()));
    command.addAll(PACKAGES);
    ToolProcess.Result result = ToolProcess.run(command, dir, Map.of(), Duration.ofMinutes(5));
    assertThat(result.exitCode()).as("npm install: %s", result.output()).isZero();
    return dir;
  }

  /** Copies a script from test resources signing/js/ into a directory. */
  static Path script(String name, Path dir) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = NodeModules.class.getResourceAsStream("/signing/js/" + name)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /** Runs node with a script and arguments, SIGJS_DIR pointing at the installed packages. */
  static ToolProcess.Result node(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("node"));
    command.addAll(List.of(args));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("SIGJS_DIR", installed().toString());
    return ToolProcess.run(command, dir, all, Duration.ofMinutes(1));
  }
}
