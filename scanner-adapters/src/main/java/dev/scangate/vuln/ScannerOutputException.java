package dev.scangate.vuln;

/**
 * A scanner's report could not be used: empty, not JSON, truncated, another tool's output, or a
 * schema this adapter does not read. The message names the tool and the problem:
 *
 * <pre>{@code
 * grype output is not valid JSON: Unexpected end-of-input … (line 120, column 7)
 * trivy output is not a Trivy JSON report: it has no "Results" or "SchemaVersion" (it looks like grype output)
 * }</pre>
 */
public class ScannerOutputException extends RuntimeException {

  public ScannerOutputException(String message) {
    super(message);
  }

  public ScannerOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
