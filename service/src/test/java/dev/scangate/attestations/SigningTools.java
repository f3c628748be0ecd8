package dev.scangate.attestations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the signing tests need besides the application: a private copy of a test image, and the
 * independent verifiers (openssl; npm sigstore@4, run offline as in scanner-adapters'
 * IndependentVerificationIT, installed once into {@code $SCANGATE_TEST_HOME/npm/signing} with
 * the real npm client and shared with that test).
 */
final class SigningTools {

  private static final Path NPM_HOME = Path.of(System.getenv().getOrDefault(
      "SCANGATE_TEST_HOME", "/tmp/scangate-test"), "npm");

  record Result(int exitCode, String output) {
  }

  private SigningTools() {
  }

  /**
   * Copies {@code scangate-test/files:1} (config, layers, manifest) to
   * {@code <registry>/signing-it/<random>:1} and returns the copy pinned to its digest, so a
   * test signs an image no other test reads.
   */
  static ImageReference copyTestImage(RegistryClient client, String registry) {
    ImageReference source = ImageReference.parse(registry + "/scangate-test/files:1");
    ImageReference target = ImageReference.parse(registry + "/signing-it/"
        + UUID.randomUUID().toString().substring(0, 8) + ":1");
    FetchedManifest manifest = client.fetchManifest(source);
    client.pushBlob(target, client.fetchBlob(source, manifest.manifest().config(), 1 << 20));
    for (Descriptor layer : manifest.manifest().layers()) {
      try (InputStream in = client.openBlob(source, layer)) {
        client.pushBlob(target, in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("copying layer " + layer.digest() + ": " + e, e);
      }
    }
    Digest digest = client.pushManifest(target, manifest.mediaType(), manifest.bytes());
    return target.withDigest(digest);
  }

  /** {@code openssl dgst -sha256 -verify key.pem -signature sig.der payload} in {@code dir}. */
  static Result openssl(Path dir, String keyFile, String signatureFile, String payloadFile)
      throws IOException, InterruptedException {
    return run(List.of("openssl", "dgst", "-sha256", "-verify", keyFile, "-signature",
        signatureFile, payloadFile), dir, Map.of(), Duration.ofSeconds(30));
  }

  /** Runs verify-bundle.js (sigstore-js, offline) on a bundle with a public key and hint. */
  static Result sigstoreJs(Path dir, String bundleFile, String keyFile, String hint)
      throws IOException, InterruptedException {
    Path script = dir.resolve("verify-bundle.js");
    try (InputStream in = SigningTools.class.getResourceAsStream("/signing/js/verify-bundle.js")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return run(List.of("node", script.toString(), bundleFile, keyFile, hint), dir,
        Map.of("SIGJS_DIR", npmPackages().toString()), Duration.ofMinutes(1));
  }

  /** The directory whose node_modules holds sigstore@4; installs it with npm when missing. */
  private static synchronized Path npmPackages() throws IOException, InterruptedException {
    Path dir = NPM_HOME.resolve("signing");
    if (Files.exists(dir.resolve("node_modules/sigstore/package.json"))) {
      return dir;
    }
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve("package.json"))) {
      Files.writeString(dir.resolve("package.json"),
          "{\"name\":\"scangate-signing-it\",\"private\":true}\n");
    }
    Result result = run(List.of("npm", "install", "--no-audit", "--no-fund", "--cache",
        NPM_HOME.resolve("cache").toString(), "sigstore@4"), dir, Map.of(),
        Duration.ofMinutes(5));
    assertThat(result.exitCode()).as("npm install: %s", result.output()).isZero();
    return dir;
  }

  /** Runs a tool: an argument list, never a shell; output merged; process tree killed late. */
  static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("scangate-tool", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(new HashMap<>(env));
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
