package dev.scangate.syft;

/**
 * Syft's output could not be used: empty, not JSON, not syft-json, or a schema newer than this
 * adapter reads. The message says which, so a failed scan shows why.
 */
public class SyftOutputException extends RuntimeException {

  public SyftOutputException(String message) {
    super(message);
  }

  public SyftOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
