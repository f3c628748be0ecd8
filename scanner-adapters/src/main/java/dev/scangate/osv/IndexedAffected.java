package dev.scangate.osv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code affected[]} entry of a record, with its parsed ecosystem, as the index holds it.
 * Its ranges and versions list are parsed in the entry's version scheme the first time a
 * package is checked against it, and kept: matching then compares parsed versions only, and a
 * long {@code versions[]} list is a binary search. Publication is racy but safe: two threads
 * may both compile an entry, and both results are equal and immutable.
 */
final class IndexedAffected {

  private final OsvRecord record;
  private final OsvAffected affected;
  private final OsvEcosystem ecosystem;
  private volatile Compiled compiled;

  IndexedAffected(OsvRecord record, OsvAffected affected, OsvEcosystem ecosystem) {
    this.record = record;
    this.affected = affected;
    this.ecosystem = ecosystem;
  }

  OsvRecord record() {
    return record;
  }

  OsvAffected affected() {
    return affected;
  }

  OsvEcosystem ecosystem() {
    return ecosystem;
  }

  Compiled compiled() {
    Compiled c = compiled;
    if (c == null) {
      c = new Compiled(affected, ecosystem.family());
      compiled = c;
    }
    return c;
  }

  /** A range's events parsed and sorted, or why they could not be. */
  static final class CompiledRange {
    final OsvRange range;
    final VersionScheme scheme;
    final List<RangeCheck.Event> events;
    final String problem;

    CompiledRange(OsvRange range, VersionScheme scheme, List<RangeCheck.Event> events,
        String problem) {
      this.range = range;
      this.scheme = scheme;
      this.events = events;
      this.problem = problem;
    }
  }

  /** The entry's SEMVER and ECOSYSTEM ranges and its versions list, parsed. */
  static final class Compiled {
    final List<CompiledRange> ranges;
    final List<String> versions;
    final VersionScheme listScheme;
    /** The listed versions valid in {@link #listScheme}, sorted. */
    final ParsedVersion[] sortedVersions;

    Compiled(OsvAffected affected, EcosystemFamily family) {
      List<CompiledRange> compiledRanges = new ArrayList<>();
      for (int i = 0; i < affected.ranges().size(); i++) {
        OsvRange range = affected.ranges().get(i);
        if (!OsvRange.SEMVER.equals(range.type()) && !OsvRange.ECOSYSTEM.equals(range.type())) {
          // GIT ranges need the repository; other types are unknown to the schema we read
          continue;
        }
        VersionScheme scheme = family.schemeFor(range.type());
        try {
          compiledRanges.add(new CompiledRange(range, scheme, RangeCheck.sorted(range, scheme),
              null));
        } catch (InvalidVersionException e) {
          compiledRanges.add(new CompiledRange(range, scheme, null,
              "ranges[" + i + "] not evaluated: " + e.getMessage()));
        }
      }
      ranges = List.copyOf(compiledRanges);
      versions = affected.versions();
      listScheme = family.scheme();
      List<ParsedVersion> parsed = new ArrayList<>(versions.size());
      for (String version : versions) {
        try {
          parsed.add(listScheme.parse(version));
        } catch (InvalidVersionException e) {
          // a listed version of another syntax (a GIT tag) cannot equal a package version
        }
      }
      ParsedVersion[] sorted = parsed.toArray(new ParsedVersion[0]);
      Arrays.sort(sorted);
      sortedVersions = sorted;
    }
  }
}
