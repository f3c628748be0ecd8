package dev.scangate.scans;

/** A scan's life: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}. */
public enum ScanStatus {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  boolean active() {
    return this == QUEUED || this == RUNNING;
  }
}
