package dev.scangate.vuln;

import dev.scangate.process.ProcessResult;
import dev.scangate.process.ProcessRunException;
import dev.scangate.process.ProcessRunner;
import dev.scangate.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * How an external scanner's binary is run, shared by the Grype and Trivy matchers: argument list
 * (never a shell), environment, timeout, bounded output, and at most {@code maxConcurrent}
 * scans at once. Failures become {@link MatchException}s naming the tool.
 *
 * <pre>{@code
 * ScannerProcess grype = new ScannerProcess("grype", binary, 2, null, new ProcessRunner());
 * byte[] report = grype.scan(List.of("sbom:/tmp/sbom.json", "-o", "json"), env,
 *     Duration.ofMinutes(10), 256 << 20, knownVersion);
 * }</pre>
 */
public final class ScannerProcess {

  private final String id;
  private final Path binary;
  private final int maxConcurrent;
  private final Path scratchDirectory;
  private final ProcessRunner runner;
  private final Semaphore slots;

  /**
   * @param scratchDirectory where output is spooled; null for the system temp directory
   * @throws IllegalArgumentException when the binary is not an executable file, so a wrong path
   *     fails at startup rather than at the first scan
   */
  public ScannerProcess(String id, Path binary, int maxConcurrent, Path scratchDirectory,
      ProcessRunner runner) {
    this.id = Objects.requireNonNull(id, "id");
    this.binary = Objects.requireNonNull(binary, "binary");
    this.runner = Objects.requireNonNull(runner, "runner");
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new IllegalArgumentException(id + " binary " + binary
          + " is not an executable file (check the configured path)");
    }
    this.maxConcurrent = maxConcurrent;
    this.scratchDirectory = scratchDirectory;
    this.slots = new Semaphore(maxConcurrent, true);
  }

  /** Work done while holding one of the scanner's slots. */
  @FunctionalInterface
  public interface SlotWork<T> {
    T run() throws MatchException;
  }

  /** Runs {@code work} once one of the {@code maxConcurrent} slots is free. */
  public <T> T inSlot(SlotWork<T> work) throws MatchException {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MatchException(id, "interrupted while waiting for a free " + id + " slot ("
          + maxConcurrent + " in use)", e);
    }
    try {
      return work.run();
    } finally {
      slots.release();
    }
  }

  /**
   * Runs the binary with {@code arguments} now, without waiting for a slot (for quick
   * questions such as its version), and returns its standard output.
   *
   * @param knownVersion the tool's version if known, for error messages; may be null
   */
  public byte[] run(List<String> arguments, Map<String, String> environment, Duration timeout,
      long maxBytes, String knownVersion) throws MatchException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(arguments);
    ProcessSpec spec = ProcessSpec.of(id, command)
        .withToolVersion(knownVersion)
        .withEnvironment(environment)
        .withTimeout(timeout)
        .withMaxStdoutBytes(maxBytes)
        .withScratchDirectory(scratchDirectory);
    try (ProcessResult result = runner.run(spec)) {
      return result.stdoutBytes();
    } catch (ProcessRunException e) {
      throw new MatchException(id, e.getMessage(), e);
    }
  }
}
