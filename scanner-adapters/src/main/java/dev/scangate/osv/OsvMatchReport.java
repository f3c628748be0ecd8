package dev.scangate.osv;

import java.util.List;

/**
 * What {@link OsvMatcher#match} found: the matches, in component order then advisory id, and
 * what it could not check.
 *
 * <pre>{@code
 * OsvMatchReport report = matcher.match(packages, distro);
 * report.matches();   // [OsvMatch[advisoryId=DSA-5474-1, ...], ...]
 * report.issues();    // [MatchIssue[purl=pkg:npm/x@latest, reason=invalid npm version ...]]
 * }</pre>
 *
 * @param matches one per (component, advisory)
 * @param issues components or advisory ranges that could not be checked
 */
public record OsvMatchReport(List<OsvMatch> matches, List<MatchIssue> issues) {

  public OsvMatchReport {
    matches = List.copyOf(matches);
    issues = List.copyOf(issues);
  }
}
