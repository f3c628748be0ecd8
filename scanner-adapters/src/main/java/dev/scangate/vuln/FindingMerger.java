package dev.scangate.vuln;

import java.util.List;

/** Placeholder replaced in the next commit. */
public final class FindingMerger {

  public MergeResult merge(List<MatchResult> results) {
    throw new UnsupportedOperationException("not yet");
  }
}
