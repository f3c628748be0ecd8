package dev.scangate.process;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external tools (Syft, Grype, Trivy) as child processes: the argument list is executed
 * directly (no shell, so nothing in an image reference is ever interpreted), stdout goes to a
 * file with a size limit, the end of stderr (also spooled to a file) is kept for errors, and when the time limit
 * passes, the output limit is exceeded or the calling thread is interrupted, the whole process
 * tree (the tool and every process it started) is killed.
 *
 * <pre>{@code
 * ProcessRunner runner = new ProcessRunner();
 * try (ProcessResult result = runner.run(ProcessSpec.of("syft", List.of(syft, "version")))) {
 *   String text = new String(result.stdoutBytes(), StandardCharsets.UTF_8);
 * } catch (ProcessRunException e) {
 *   // e.reason(), e.exitCode(), e.stderrTail(); e.getMessage() names tool and version
 * }
 * }</pre>
 *
 * <p>Only this class touches processes; adapters parse the recorded output separately.
 */
public final class ProcessRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  /** How often the tree is looked at while the tool runs. */
  private static final long POLL_MILLIS = 50;
  /** How long a killed process may take to disappear. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  /** A runner; it holds no state and may be shared by all adapters. */
  public ProcessRunner() {
  }

  /**
   * Runs the tool and waits for it.
   *
   * @return the result, owning the stdout file (close it to delete the file)
   * @throws ProcessRunException when it cannot start, exits with a non-success code, times out,
   *     writes too much, or the calling thread is interrupted (the interrupt flag is kept)
   */
  public ProcessResult run(ProcessSpec spec) throws ProcessRunException {
    Path stdoutFile = createFile(spec, ".stdout");
    Path stderrFile = null;
    boolean succeeded = false;
    try {
      stderrFile = createFile(spec, ".stderr");
      ProcessResult result = runTo(spec, stdoutFile, stderrFile);
      succeeded = true;
      return result;
    } finally {
      if (!succeeded) {
        deleteQuietly(stdoutFile);
      }
      if (stderrFile != null) {
        deleteQuietly(stderrFile);
      }
    }
  }

  /*
   * stdout and stderr go straight to files rather than through pipes read by threads: a child
   * that a tool leaves behind keeps an inherited pipe open and would stall a reader forever, but
   * it cannot stall a file. The stdout limit is enforced by looking at the file's size on every
   * poll, so the tool is killed within one poll interval of passing it.
   */
  private ProcessResult runTo(ProcessSpec spec, Path stdoutFile, Path stderrFile)
      throws ProcessRunException {
    ProcessBuilder builder = new ProcessBuilder(spec.command());
    if (spec.workingDirectory() != null) {
      builder.directory(spec.workingDirectory().toFile());
    }
    Map<String, String> env = builder.environment();
    Map<String, String> parent = Map.copyOf(env);
    env.clear();
    for (String name : spec.inheritedVariables()) {
      String value = parent.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putAll(spec.environment());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectOutput(stdoutFile.toFile());
    builder.redirectError(stderrFile.toFile());

    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ProcessRunException(ProcessRunException.Reason.START_FAILED, spec, null,
          Duration.ZERO, null, "could not be started (" + spec.command().get(0) + "): "
              + e.getMessage(), e);
    }
    LOG.debug("started {} as pid {}: {}", spec.tool(), process.pid(), spec.command());

    // Descendants are remembered while the tool runs: once a parent dies its children are
    // re-parented and no longer show up under the tool's handle.
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    long deadline = started + spec.timeout().toNanos();
    try {
      while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(tree::add);
        if (size(stdoutFile) > spec.maxStdoutBytes()) {
          kill(process, tree);
          throw new ProcessRunException(ProcessRunException.Reason.OUTPUT_LIMIT, spec, null,
              elapsed(started), tail(stderrFile, spec), "wrote more than the limit of "
                  + spec.maxStdoutBytes() + " bytes to stdout and was killed", null);
        }
        if (System.nanoTime() - deadline > 0) {
          kill(process, tree);
          throw new ProcessRunException(ProcessRunException.Reason.TIMEOUT, spec, null,
              elapsed(started), tail(stderrFile, spec), "timed out after "
                  + human(spec.timeout()) + " and was killed", null);
        }
      }
    } catch (InterruptedException e) {
      kill(process, tree);
      Thread.currentThread().interrupt();
      throw new ProcessRunException(ProcessRunException.Reason.INTERRUPTED, spec, null,
          elapsed(started), tail(stderrFile, spec), "was interrupted and killed", e);
    }
    Duration duration = elapsed(started);
    int exitCode = process.exitValue();
    // Children the tool left running must not outlive it (they could still write to its files).
    killAll(tree);
    long stdoutSize = size(stdoutFile);
    String stderrTail = tail(stderrFile, spec);
    LOG.debug("{} (pid {}) exited with {} after {}, {} bytes of stdout", spec.tool(),
        process.pid(), exitCode, duration, stdoutSize);
    if (stdoutSize > spec.maxStdoutBytes()) {
      throw new ProcessRunException(ProcessRunException.Reason.OUTPUT_LIMIT, spec, exitCode,
          duration, stderrTail, "wrote more than the limit of " + spec.maxStdoutBytes()
              + " bytes to stdout", null);
    }
    if (!spec.successExitCodes().contains(exitCode)) {
      throw new ProcessRunException(ProcessRunException.Reason.EXIT_CODE, spec, exitCode,
          duration, stderrTail, "exited with code " + exitCode + " after " + human(duration),
          null);
    }
    return new ProcessResult(spec.tool(), spec.toolVersion(), exitCode, duration, stdoutFile,
        stdoutSize, stderrTail);
  }

  /**
   * Kills the tool and every process it started. Descendants are collected again in rounds
   * because a process may fork between one look and the kill.
   */
  private static void kill(Process process, Set<ProcessHandle> tree) {
    for (int round = 0; round < 3; round++) {
      process.descendants().forEach(tree::add);
      process.destroyForcibly();
      killAll(tree);
    }
    try {
      process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("pid {} did not exit {} after SIGKILL: {}", process.pid(), GRACE, e.toString());
    }
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("pid {} did not exit {} after SIGKILL: {}", handle.pid(), GRACE, e.toString());
      }
    }
  }

  private static void killAll(Set<ProcessHandle> tree) {
    // ProcessHandle checks the start time, so a pid reused by an unrelated process is spared.
    for (ProcessHandle handle : tree) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last {@code stderrTailBytes} of the stderr file, as UTF-8. */
  private static String tail(Path file, ProcessSpec spec) {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      int length = (int) Math.min(size, spec.stderrTailBytes());
      ByteBuffer buffer = ByteBuffer.allocate(length);
      channel.position(size - length);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until full
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  private static Path createFile(ProcessSpec spec, String suffix) throws ProcessRunException {
    try {
      return spec.scratchDirectory() == null
          ? Files.createTempFile(spec.tool() + "-", suffix)
          : Files.createTempFile(spec.scratchDirectory(), spec.tool() + "-", suffix);
    } catch (IOException e) {
      throw new ProcessRunException(ProcessRunException.Reason.START_FAILED, spec, null,
          Duration.ZERO, null, "could not be started: no file for its " + suffix.substring(1)
              + " (" + e.getMessage() + ")", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", file, e.toString());
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static String human(Duration duration) {
    long millis = duration.toMillis();
    return millis < 1000 ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
