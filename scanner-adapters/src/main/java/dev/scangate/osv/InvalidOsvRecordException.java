package dev.scangate.osv;

/**
 * A document that is not a usable OSV record: not JSON, or JSON without a required field or
 * with a field of the wrong shape. The message names the record (when its id was read), the
 * field and the bad value.
 */
public class InvalidOsvRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ImportIssue.Kind kind;

  InvalidOsvRecordException(ImportIssue.Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  InvalidOsvRecordException(ImportIssue.Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** {@link ImportIssue.Kind#INVALID_JSON} or {@link ImportIssue.Kind#INVALID_RECORD}. */
  public ImportIssue.Kind kind() {
    return kind;
  }
}
