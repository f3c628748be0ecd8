package dev.scangate.policy.waiver;

import dev.scangate.policy.input.FindingFacts;
import java.util.List;

/**
 * The findings of an input with every applicable waiver marked on them, and the list of what
 * was applied.
 *
 * <pre>{@code
 * WaivedFindings w = matcher.apply(input, waivers);
 * w.findings().get(0).waived();  // true when a waiver applied
 * }</pre>
 */
public record WaivedFindings(List<FindingFacts> findings, List<AppliedWaiver> applied) {

  public WaivedFindings {
    findings = List.copyOf(findings);
    applied = List.copyOf(applied);
  }
}
