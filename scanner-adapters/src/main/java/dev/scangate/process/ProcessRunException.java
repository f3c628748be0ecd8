package dev.scangate.process;

import java.time.Duration;

/**
 * A tool run that did not succeed. The message says which tool (and version, when known), what
 * went wrong and ends with the tail of its stderr, so it can be shown to an operator as is:
 *
 * <pre>{@code
 * syft 1.18.0 exited with code 1 after 2.1s; stderr (last 16 KiB): … could not fetch image
 * }</pre>
 */
public class ProcessRunException extends Exception {

  /** What went wrong. */
  public enum Reason {
    /** The program could not be started (missing, not executable). */
    START_FAILED,
    /** It exited with a code that is not a success code. */
    EXIT_CODE,
    /** It ran longer than the spec's timeout; its process tree was killed. */
    TIMEOUT,
    /** It wrote more to stdout than the spec allows; its process tree was killed. */
    OUTPUT_LIMIT,
    /** The calling thread was interrupted (a cancelled scan); its process tree was killed. */
    INTERRUPTED
  }

  private final Reason reason;
  private final String tool;
  private final String toolVersion;
  private final Integer exitCode;
  private final Duration duration;
  private final String stderrTail;

  ProcessRunException(Reason reason, ProcessSpec spec, Integer exitCode, Duration duration,
      String stderrTail, String what, Throwable cause) {
    super(spec.label() + " " + what
        + (stderrTail == null || stderrTail.isBlank() ? ""
            : "; stderr (last " + spec.stderrTailBytes() + " bytes): " + stderrTail.strip()),
        cause);
    this.reason = reason;
    this.tool = spec.tool();
    this.toolVersion = spec.toolVersion();
    this.exitCode = exitCode;
    this.duration = duration;
    this.stderrTail = stderrTail == null ? "" : stderrTail;
  }

  public Reason reason() {
    return reason;
  }

  public String tool() {
    return tool;
  }

  /** The tool's version when the caller knew it, else null. */
  public String toolVersion() {
    return toolVersion;
  }

  /** The exit code when the tool exited by itself, else null (killed or never started). */
  public Integer exitCode() {
    return exitCode;
  }

  /** Time from start until the failure was detected; zero when it never started. */
  public Duration duration() {
    return duration;
  }

  /** The end of the tool's stderr, possibly empty. */
  public String stderrTail() {
    return stderrTail;
  }
}
