package dev.scangate.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to run one external tool: its argument list (executed directly, never through a shell),
 * working directory, environment, time limit and output limits.
 *
 * <p>The child does not inherit the whole environment of the JVM: only the variables named in
 * {@code inheritedVariables} (by default {@link #DEFAULT_INHERITED}: PATH, HOME, locale, proxy and
 * CA settings, DOCKER_CONFIG) plus {@code environment}. Secrets the service holds in its own
 * environment (database password, key passwords) therefore never reach a scanner.
 *
 * <pre>{@code
 * ProcessSpec spec = ProcessSpec.of("syft", List.of("/usr/local/bin/syft", "scan", "registry:" + ref,
 *         "-o", "syft-json"))
 *     .withEnvironment(Map.of("SYFT_CHECK_FOR_APP_UPDATE", "false"))
 *     .withTimeout(Duration.ofMinutes(10));
 * }</pre>
 *
 * @param tool name used in errors, e.g. {@code syft}
 * @param toolVersion the tool's version when known (for errors), else null
 * @param command executable and arguments; the first element is the program
 * @param workingDirectory directory the tool runs in; null for the JVM's
 * @param environment variables set for the tool (override inherited ones)
 * @param inheritedVariables names of JVM environment variables passed through when set
 * @param timeout wall-clock limit; the whole process tree is killed when it passes
 * @param maxStdoutBytes stdout larger than this fails the run
 * @param stderrTailBytes how many bytes of the end of stderr are kept for errors
 * @param successExitCodes exit codes that mean success (grype uses 1 for "fail-on" findings)
 * @param scratchDirectory where the stdout file is written; null for the system temp dir
 */
public record ProcessSpec(String tool, String toolVersion, List<String> command,
    Path workingDirectory, Map<String, String> environment, Set<String> inheritedVariables,
    Duration timeout, long maxStdoutBytes, int stderrTailBytes, Set<Integer> successExitCodes,
    Path scratchDirectory) {

  /** Variables a tool may need to reach a registry and find its config; nothing secret. */
  public static final Set<String> DEFAULT_INHERITED = Set.of("PATH", "HOME", "TMPDIR", "LANG",
      "LC_ALL", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
      "SSL_CERT_FILE", "SSL_CERT_DIR", "DOCKER_CONFIG");

  public ProcessSpec {
    if (tool == null || tool.isBlank()) {
      throw new IllegalArgumentException("tool name is required");
    }
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command of " + tool + " is empty");
    }
    environment = Map.copyOf(environment);
    inheritedVariables = Set.copyOf(inheritedVariables);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout of " + tool + " must be positive: " + timeout);
    }
    if (maxStdoutBytes < 1) {
      throw new IllegalArgumentException("maxStdoutBytes must be positive: " + maxStdoutBytes);
    }
    if (stderrTailBytes < 0) {
      throw new IllegalArgumentException("stderrTailBytes must not be negative");
    }
    successExitCodes = Set.copyOf(successExitCodes);
    if (successExitCodes.isEmpty()) {
      throw new IllegalArgumentException("successExitCodes of " + tool + " is empty");
    }
  }

  /**
   * A spec with defaults: 10 minutes, stdout up to 512 MiB, the last 16 KiB of stderr, success on
   * exit code 0, the JVM's working directory, {@link #DEFAULT_INHERITED} variables.
   */
  public static ProcessSpec of(String tool, List<String> command) {
    return new ProcessSpec(tool, null, command, null, Map.of(), DEFAULT_INHERITED,
        Duration.ofMinutes(10), 512L << 20, 16 << 10, Set.of(0), null);
  }

  public ProcessSpec withToolVersion(String version) {
    return new ProcessSpec(tool, version, command, workingDirectory, environment,
        inheritedVariables, timeout, maxStdoutBytes, stderrTailBytes, successExitCodes,
        scratchDirectory);
  }

  public ProcessSpec withWorkingDirectory(Path directory) {
    return new ProcessSpec(tool, toolVersion, command, directory, environment, inheritedVariables,
        timeout, maxStdoutBytes, stderrTailBytes, successExitCodes, scratchDirectory);
  }

  /** Adds (or overrides) environment variables. */
  public ProcessSpec withEnvironment(Map<String, String> variables) {
    Map<String, String> merged = new LinkedHashMap<>(environment);
    merged.putAll(variables);
    return new ProcessSpec(tool, toolVersion, command, workingDirectory, merged,
        inheritedVariables, timeout, maxStdoutBytes, stderrTailBytes, successExitCodes,
        scratchDirectory);
  }

  public ProcessSpec withInheritedVariables(Set<String> names) {
    return new ProcessSpec(tool, toolVersion, command, workingDirectory, environment, names,
        timeout, maxStdoutBytes, stderrTailBytes, successExitCodes, scratchDirectory);
  }

  public ProcessSpec withTimeout(Duration limit) {
    return new ProcessSpec(tool, toolVersion, command, workingDirectory, environment,
        inheritedVariables, limit, maxStdoutBytes, stderrTailBytes, successExitCodes,
        scratchDirectory);
  }

  public ProcessSpec withMaxStdoutBytes(long limit) {
    return new ProcessSpec(tool, toolVersion, command, workingDirectory, environment,
        inheritedVariables, timeout, limit, stderrTailBytes, successExitCodes, scratchDirectory);
  }

  public ProcessSpec withStderrTailBytes(int bytes) {
    return new ProcessSpec(tool, toolVersion, command, workingDirectory, environment,
        inheritedVariables, timeout, maxStdoutBytes, bytes, successExitCodes, scratchDirectory);
  }

  public ProcessSpec withSuccessExitCodes(Set<Integer> codes) {
    return new ProcessSpec(tool, toolVersion, command, workingDirectory, environment,
        inheritedVariables, timeout, maxStdoutBytes, stderrTailBytes, codes, scratchDirectory);
  }

  public ProcessSpec withScratchDirectory(Path directory) {
    return new ProcessSpec(tool, toolVersion, command, workingDirectory, environment,
        inheritedVariables, timeout, maxStdoutBytes, stderrTailBytes, successExitCodes, directory);
  }

  /** {@code syft 1.18.0} or {@code syft} when the version is unknown. */
  String label() {
    return toolVersion == null ? tool : tool + " " + toolVersion;
  }
}
