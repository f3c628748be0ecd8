package dev.scangate.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished run of a tool whose exit code was a success. The tool's stdout is in a file the
 * result owns: read it with {@link #openStdout()} or {@link #stdoutBytes()}, and close the result
 * to delete it.
 *
 * <pre>{@code
 * try (ProcessResult result = runner.run(spec)) {
 *   SyftDocument doc = normalizer.normalize(result.stdoutBytes());
 * }
 * }</pre>
 *
 * @param tool the tool's name
 * @param toolVersion its version when known, else null
 * @param exitCode the exit code (one of the spec's success codes)
 * @param duration wall-clock time from start to exit
 * @param stdout the file holding everything the tool wrote to stdout
 * @param stdoutSize its size in bytes
 * @param stderrTail the last bytes of stderr (as many as the spec keeps), decoded as UTF-8
 */
public record ProcessResult(String tool, String toolVersion, int exitCode, Duration duration,
    Path stdout, long stdoutSize, String stderrTail) implements AutoCloseable {

  /** Opens the stdout file; the caller closes the stream. */
  public InputStream openStdout() throws IOException {
    return Files.newInputStream(stdout);
  }

  /** All of stdout in memory; it is at most the spec's {@code maxStdoutBytes}. */
  public byte[] stdoutBytes() {
    try {
      return Files.readAllBytes(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException("reading stdout of " + tool + " from " + stdout, e);
    }
  }

  /** Deletes the stdout file. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting stdout file " + stdout + " of " + tool, e);
    }
  }
}
