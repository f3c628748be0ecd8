package dev.scangate.osv;

import java.util.List;

/**
 * {@code affected[].ranges[]}: a timeline of events in one version ordering.
 *
 * <pre>{@code
 * new OsvRange("SEMVER", null, List.of(OsvEvent.introduced("0"), OsvEvent.fixed("1.18.6"),
 *     OsvEvent.introduced("1.19.0-0"), OsvEvent.fixed("1.19.1")));
 * }</pre>
 *
 * @param type {@code SEMVER}, {@code ECOSYSTEM} or {@code GIT} (kept as written; other values
 *     are never evaluated)
 * @param repo {@code repo} of a GIT range; null otherwise
 * @param events {@code events[]} in the record's order
 */
public record OsvRange(String type, String repo, List<OsvEvent> events) {

  public static final String SEMVER = "SEMVER";
  public static final String ECOSYSTEM = "ECOSYSTEM";
  public static final String GIT = "GIT";

  public OsvRange {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a range needs a type");
    }
    events = events == null ? List.of() : List.copyOf(events);
  }
}
