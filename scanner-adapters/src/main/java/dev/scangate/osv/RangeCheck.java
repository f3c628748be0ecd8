package dev.scangate.osv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether an installed version is affected by one {@code affected[]} entry, by the OSV
 * schema's evaluation algorithm (https://ossf.github.io/osv-schema/#evaluation): affected when
 * {@code versions[]} lists it or any SEMVER or ECOSYSTEM range contains it. A range's events are
 * sorted by version ({@code introduced: "0"} first; events at the same version keep the
 * record's order, which is its timeline) and walked: {@code introduced <= v} turns the state on,
 * {@code fixed <= v} off, {@code last_affected < v} off; with {@code limit} events the version
 * must also be below one of them ({@code "*"} is infinity). A listed version equals the
 * installed one when the strings are equal or the scheme orders them equal ({@code v1.2.3} and
 * {@code 1.2.3} in Go).
 *
 * <p>GIT ranges are not evaluated: they need the repository's commit graph, and a record's
 * {@code versions[]} already lists the tags they cover. Ranges of unknown types are skipped too.
 */
final class RangeCheck {

  /**
   * @param affected whether the version is affected
   * @param listed whether {@code versions[]} lists it
   * @param ranges the ranges that contain it
   * @param fixed the fixed events of those ranges above the version, ascending, distinct
   * @param problems ranges that could not be evaluated and why
   */
  record Result(boolean affected, boolean listed, List<OsvRange> ranges, List<String> fixed,
      List<String> problems) {
  }

  private RangeCheck() {
  }

  /** {@link #check(IndexedAffected, InstalledVersion)} for an entry outside an index. */
  static Result check(OsvAffected affected, EcosystemFamily family, InstalledVersion installed) {
    return check(new IndexedAffected(null, affected,
        new OsvEcosystem(family.osvName(), family, null)), installed);
  }

  /**
   * @throws InvalidVersionException when the installed version is not valid in a scheme that
   *     one of the entry's ranges needs and the versions list does not name it either
   */
  static Result check(IndexedAffected entry, InstalledVersion installed) {
    IndexedAffected.Compiled compiled = entry.compiled();
    List<OsvRange> ranges = new ArrayList<>(1);
    List<ParsedVersion> fixed = new ArrayList<>(2);
    List<String> problems = List.of();
    InvalidVersionException installedInvalid = null;
    for (IndexedAffected.CompiledRange range : compiled.ranges) {
      if (range.problem != null) {
        problems = new ArrayList<>(problems);
        problems.add(range.problem);
        continue;
      }
      ParsedVersion version;
      try {
        version = installed.in(range.scheme);
      } catch (InvalidVersionException e) {
        installedInvalid = e;
        continue;
      }
      if (contains(range.events, version)) {
        ranges.add(range.range);
        for (Event event : range.events) {
          if (event.kind == OsvEvent.Kind.FIXED && event.version.compareTo(version) > 0) {
            fixed.add(event.version);
          }
        }
      }
    }
    boolean listed = listed(compiled, installed);
    if (ranges.isEmpty() && !listed && installedInvalid != null) {
      throw installedInvalid;
    }
    fixed.sort(RangeCheck::compareFixed);
    List<String> distinct = new ArrayList<>(fixed.size());
    for (ParsedVersion f : fixed) {
      if (!distinct.contains(f.text())) {
        distinct.add(f.text());
      }
    }
    return new Result(!ranges.isEmpty() || listed, listed, ranges, distinct, problems);
  }

  /** Fixed versions of SEMVER and ECOSYSTEM ranges of one entry may be of two schemes. */
  private static int compareFixed(ParsedVersion a, ParsedVersion b) {
    try {
      return a.compareTo(b);
    } catch (RuntimeException e) {
      return a.text().compareTo(b.text());
    }
  }

  private static boolean listed(IndexedAffected.Compiled compiled,
      InstalledVersion installed) {
    if (compiled.versions.isEmpty()) {
      return false;
    }
    ParsedVersion version;
    try {
      version = installed.in(compiled.listScheme);
    } catch (InvalidVersionException e) {
      return compiled.versions.contains(installed.text());
    }
    return Arrays.binarySearch(compiled.sortedVersions, version) >= 0
        || compiled.versions.contains(installed.text());
  }

  /** An event with its version parsed; null for {@code introduced: "0"} and {@code limit: "*"}. */
  static final class Event {
    final OsvEvent.Kind kind;
    final ParsedVersion version;

    Event(OsvEvent.Kind kind, ParsedVersion version) {
      this.kind = kind;
      this.version = version;
    }

    boolean isZero() {
      return kind == OsvEvent.Kind.INTRODUCED && version == null;
    }

    boolean isInfinity() {
      return kind == OsvEvent.Kind.LIMIT && version == null;
    }
  }

  /**
   * The range's events parsed and sorted.
   *
   * @throws InvalidVersionException when an event's version is not valid in {@code scheme}
   */
  static List<Event> sorted(OsvRange range, VersionScheme scheme) {
    List<Event> events = new ArrayList<>(range.events().size());
    for (OsvEvent event : range.events()) {
      if (event.isIntroducedZero()) {
        events.add(new Event(event.kind(), null));
      } else if (event.kind() == OsvEvent.Kind.LIMIT && event.version().contains("*")) {
        events.add(new Event(event.kind(), null));
      } else {
        events.add(new Event(event.kind(), scheme.parse(event.version())));
      }
    }
    // List.sort is stable: events at one version keep the record's order
    events.sort(RangeCheck::compare);
    return List.copyOf(events);
  }

  private static int compare(Event a, Event b) {
    if (a.isZero() || b.isZero()) {
      return a.isZero() == b.isZero() ? 0 : a.isZero() ? -1 : 1;
    }
    if (a.isInfinity() || b.isInfinity()) {
      return a.isInfinity() == b.isInfinity() ? 0 : a.isInfinity() ? 1 : -1;
    }
    return a.version.compareTo(b.version);
  }

  private static boolean contains(List<Event> events, ParsedVersion v) {
    boolean limited = false;
    boolean beforeLimit = false;
    for (Event event : events) {
      if (event.kind == OsvEvent.Kind.LIMIT) {
        limited = true;
        beforeLimit |= event.isInfinity() || v.compareTo(event.version) < 0;
      }
    }
    if (limited && !beforeLimit) {
      return false;
    }
    boolean vulnerable = false;
    for (Event event : events) {
      switch (event.kind) {
        case INTRODUCED:
          if (event.isZero() || v.compareTo(event.version) >= 0) {
            vulnerable = true;
          }
          break;
        case FIXED:
          if (v.compareTo(event.version) >= 0) {
            vulnerable = false;
          }
          break;
        case LAST_AFFECTED:
          if (v.compareTo(event.version) > 0) {
            vulnerable = false;
          }
          break;
        default:
          break;
      }
    }
    return vulnerable;
  }
}
