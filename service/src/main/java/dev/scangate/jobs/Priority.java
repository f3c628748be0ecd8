package dev.scangate.jobs;

/** Order in which queued jobs are claimed: a CI request goes before a background rescan. */
public enum Priority {
  LOW(0), NORMAL(5), HIGH(10);

  private final int weight;

  Priority(int weight) {
    this.weight = weight;
  }

  public int weight() {
    return weight;
  }
}
