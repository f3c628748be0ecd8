package dev.scangate.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs a Docker credential helper, {@code docker-credential-<name> get}, with the server URL on
 * stdin, as described in https://github.com/docker/docker-credential-helpers#development: an
 * argument list (no shell), a timeout after which the process tree is killed, and bounded reads
 * of its output. A helper that is not installed gives no credentials (logged at debug), as
 * {@code docker} itself would fail only when the credentials are needed.
 */
final class CredentialHelper {

  private static final Logger log = LoggerFactory.getLogger(CredentialHelper.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final int MAX_OUTPUT = 64 * 1024;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final List<Path> searchPath;
  private final Duration timeout;

  CredentialHelper(List<Path> searchPath, Duration timeout) {
    this.searchPath = List.copyOf(searchPath);
    this.timeout = timeout;
  }

  /** Looks helpers up in {@code $PATH}. */
  static CredentialHelper fromEnvironmentPath() {
    String path = System.getenv("PATH");
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    return new CredentialHelper(dirs, DEFAULT_TIMEOUT);
  }

  /**
   * Asks helper {@code name} for the credentials of {@code serverUrl}.
   *
   * @return empty when the helper is missing, has no credentials for the server, fails or times
   *     out (each logged without secrets)
   */
  Optional<Credentials> get(String name, String serverUrl) {
    if (!NAME.matcher(name).matches()) {
      log.warn("ignoring credential helper with invalid name \"{}\"", name);
      return Optional.empty();
    }
    Optional<Path> executable = find("docker-credential-" + name);
    if (executable.isEmpty()) {
      log.debug("credential helper docker-credential-{} not found in {}; no credentials for {}",
          name, searchPath, serverUrl);
      return Optional.empty();
    }
    Process process;
    try {
      process = new ProcessBuilder(List.of(executable.get().toString(), "get")).start();
    } catch (IOException e) {
      log.warn("cannot start credential helper {}: {}", executable.get(), e.getMessage());
      return Optional.empty();
    }
    CompletableFuture<byte[]> stdout = drain(process.getInputStream(), MAX_OUTPUT);
    CompletableFuture<byte[]> stderr = drain(process.getErrorStream(), 4096);
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      log.debug("credential helper {} closed stdin early: {}", executable.get(), e.getMessage());
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        log.warn("credential helper {} did not answer within {} for {}; killed it",
            executable.get(), timeout, serverUrl);
        return Optional.empty();
      }
      byte[] out = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        // "credentials not found in native keychain" is the ordinary way of saying "none".
        // Its stdout is logged only when it is not JSON, so no secret ends up in the log.
        String said = new String(out, StandardCharsets.UTF_8).strip();
        log.debug("credential helper {} exited {} for {}: {} {}", executable.get(),
            process.exitValue(), serverUrl, said.startsWith("{") ? "" : abbreviate(said),
            abbreviate(new String(stderr.getNow(new byte[0]), StandardCharsets.UTF_8).strip()));
        return Optional.empty();
      }
      return parse(out, executable.get());
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      kill(process);
      log.warn("cannot read the output of credential helper {}: {}", executable.get(),
          e.toString());
      return Optional.empty();
    }
  }

  private Optional<Credentials> parse(byte[] out, Path executable) {
    JsonNode root;
    try {
      root = JsonFields.object(out, "credential helper output");
    } catch (IllegalArgumentException e) {
      log.warn("credential helper {} printed something that is not a JSON object", executable);
      return Optional.empty();
    }
    String username = JsonFields.optionalString(root, "Username");
    String secret = JsonFields.optionalString(root, "Secret");
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    if (username == null || username.isEmpty() || Credentials.TOKEN_USERNAME.equals(username)) {
      return Optional.of(Credentials.identityToken(secret));
    }
    return Optional.of(Credentials.basic(username, secret));
  }

  private Optional<Path> find(String executable) {
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(executable);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static CompletableFuture<byte[]> drain(InputStream in, int limit) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try (in) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
          int room = limit - kept.size();
          if (room > 0) {
            kept.write(buffer, 0, Math.min(n, room));
          }
        }
        result.complete(kept.toByteArray());
      } catch (IOException e) {
        result.completeExceptionally(new UncheckedIOException(e));
      }
    }, "credential-helper-output");
    thread.setDaemon(true);
    thread.start();
    return result;
  }
}
