package dev.scangate.vuln;

/**
 * A matcher could not produce a result: its tool failed, timed out or wrote output that is not
 * usable, or the input lacks what it needs. The message names the matcher (with its version
 * when known) and what went wrong, so a failed scanner can be recorded next to the ones that
 * succeeded:
 *
 * <pre>{@code
 * grype 0.74.0 exited with code 1 after 2.1s; stderr (last 16384 bytes): … failed to load
 *     vulnerability db
 * }</pre>
 *
 * <p>The cause is a {@link dev.scangate.process.ProcessRunException} (exit code, stderr tail,
 * reason) or a {@link ScannerOutputException} when there is one.
 */
public class MatchException extends Exception {

  private final String scanner;

  public MatchException(String scanner, String message, Throwable cause) {
    super(message, cause);
    this.scanner = scanner;
  }

  public MatchException(String scanner, String message) {
    this(scanner, message, null);
  }

  /** The id of the matcher that failed. */
  public String scanner() {
    return scanner;
  }
}
