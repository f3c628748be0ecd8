package dev.scangate.vuln;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges the results of several matchers into one {@link MergedFinding} per vulnerability and
 * package. A pure function: results in, merged findings out.
 *
 * <pre>{@code
 * MergeResult merged = new FindingMerger().merge(List.of(grypeResult, trivyResult));
 * }</pre>
 *
 * <h2>Which findings are the same</h2>
 * Two findings are one when their packages have the same {@link PackageKey} (type, namespace,
 * name, version; qualifiers dropped, see there) and their vulnerability ids are in one alias
 * group. Alias groups are built by union-find over each finding's id and aliases, so a CVE that
 * one scanner reports as {@code CVE-2021-44420} and another as {@code GHSA-v6rh-hp5x-86rv}
 * (listing the CVE as an alias) merge. One exception keeps distinct vulnerabilities apart: an id
 * that is linked to two or more different CVE ids, such as an advisory that fixes several
 * (RHSA-2019:2304 lists CVE-2019-1559 and CVE-2018-0734; a DSA often lists several), does not
 * join their groups; it stays an alias of each. The same vulnerability in two copies of a
 * package at the same version (a jar in two places) is one finding.
 *
 * <h2>What the merged finding says</h2>
 * <ul>
 *   <li>Its id is the lowest CVE id of the group (by year, then number), else the lowest GHSA
 *       id, else the lowest id; every other id is an alias.</li>
 *   <li>{@code reportedBy} lists the scanners that reported it: a finding only one scanner has
 *       stays visible as such.</li>
 *   <li>Fixed versions are the union of all reports; the fix state is FIXED when any report has
 *       a fix, else WONT_FIX, NOT_FIXED, UNKNOWN in that order.</li>
 *   <li>Severity, when scanners disagree, is chosen in this order: (1) the base score computed
 *       from a CVSS v4.0 vector, else from a v3.1 or v3.0 vector (the newest version present;
 *       among several vectors of that version the highest score, the worst case); (2) the
 *       vendor's label (the distribution's tracker) — the worst when vendors disagree; (3) the
 *       advisory label a scanner reported; (4) the score computed from a CVSS v2 vector;
 *       (5) UNKNOWN. {@code severitySource} records which, and {@code rating} the vector the
 *       score came from. Scores are computed from vectors, not copied from the scanners' reports.</li>
 * </ul>
 */
public final class FindingMerger {

  private static final Pattern CVE = Pattern.compile("CVE-(\\d{4})-(\\d+)");

  /** A merger; it holds no state. */
  public FindingMerger() {
  }

  /** Merges the results of one scan, given in the order their scanners are preferred. */
  public MergeResult merge(List<MatchResult> results) {
    List<ScannerInfo> scanners = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<PackageKey, List<Finding>> byPackage = new TreeMap<>();
    for (MatchResult result : results) {
      scanners.add(result.scanner());
      for (String warning : result.warnings()) {
        warnings.add(result.scanner().id() + ": " + warning);
      }
      for (Finding finding : result.findings()) {
        byPackage.computeIfAbsent(PackageKey.of(finding.pkg()), k -> new ArrayList<>())
            .add(finding);
      }
    }
    List<MergedFinding> merged = new ArrayList<>();
    for (List<Finding> findings : byPackage.values()) {
      List<MergedFinding> forPackage = new ArrayList<>();
      Map<String, Set<String>> cvesOf = cvesOf(findings);
      for (List<Finding> group : aliasGroups(findings, cvesOf)) {
        forPackage.add(mergeGroup(group, cvesOf));
      }
      forPackage.sort(Comparator.comparing(MergedFinding::id, FindingMerger::compareIds));
      merged.addAll(forPackage);
    }
    return new MergeResult(scanners, merged, warnings);
  }

  /** Splits one package's findings into alias groups, keeping the findings' order in each. */
  private static List<List<Finding>> aliasGroups(List<Finding> findings,
      Map<String, Set<String>> cvesOf) {
    UnionFind groups = new UnionFind();
    for (Finding finding : findings) {
      groups.add(finding.id());
      for (String alias : finding.aliases()) {
        if (joins(alias, cvesOf) && joins(finding.id(), cvesOf)) {
          groups.union(finding.id(), alias);
        }
      }
    }
    Map<String, List<Finding>> byRoot = new LinkedHashMap<>();
    for (Finding finding : findings) {
      byRoot.computeIfAbsent(groups.find(finding.id()), k -> new ArrayList<>()).add(finding);
    }
    return new ArrayList<>(byRoot.values());
  }

  /**
   * For each id, the CVE ids it appears with. Ids linked to more than one CVE are umbrella
   * advisories: they do not join groups.
   */
  private static Map<String, Set<String>> cvesOf(List<Finding> findings) {
    Map<String, Set<String>> cvesOf = new HashMap<>();
    for (Finding finding : findings) {
      Set<String> ids = idsOf(finding);
      for (String id : ids) {
        for (String other : ids) {
          if (isCve(other)) {
            cvesOf.computeIfAbsent(id, k -> new TreeSet<>()).add(other);
          }
        }
      }
    }
    return cvesOf;
  }

  private static boolean joins(String id, Map<String, Set<String>> cvesOf) {
    return isCve(id) || cvesOf.getOrDefault(id, Set.of()).size() <= 1;
  }

  private static Set<String> idsOf(Finding finding) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(finding.id());
    ids.addAll(finding.aliases());
    return ids;
  }

  private static MergedFinding mergeGroup(List<Finding> group,
      Map<String, Set<String>> cvesOf) {
    List<Finding> reports = List.copyOf(new LinkedHashSet<>(group));
    Finding first = reports.get(0);
    Set<String> ids = new TreeSet<>();
    Set<String> primaryCandidates = new TreeSet<>();
    LinkedHashSet<String> fixed = new LinkedHashSet<>();
    LinkedHashSet<Cvss> cvss = new LinkedHashSet<>();
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    Set<String> reportedBy = new TreeSet<>();
    String title = null;
    String description = null;
    boolean anyFixed = false;
    boolean anyWontFix = false;
    boolean anyNotFixed = false;
    for (Finding finding : reports) {
      primaryCandidates.add(finding.id());
      ids.addAll(idsOf(finding));
      fixed.addAll(finding.fixedVersions());
      cvss.addAll(finding.cvss());
      urls.addAll(finding.urls());
      reportedBy.add(finding.scanner());
      title = title != null ? title : finding.title();
      description = description != null ? description : finding.description();
      anyFixed |= finding.fixState() == FixState.FIXED;
      anyWontFix |= finding.fixState() == FixState.WONT_FIX;
      anyNotFixed |= finding.fixState() == FixState.NOT_FIXED;
    }
    // The primary id comes from the ids that joined the group, never from an umbrella
    // advisory's list of CVEs (those may be primary ids of other groups).
    for (Finding finding : reports) {
      for (String alias : finding.aliases()) {
        if (joins(alias, cvesOf) && joins(finding.id(), cvesOf)) {
          primaryCandidates.add(alias);
        }
      }
    }
    String id = primaryCandidates.stream().min(FindingMerger::compareIds).orElseThrow();
    FixState fixState = anyFixed ? FixState.FIXED : anyWontFix ? FixState.WONT_FIX
        : anyNotFixed ? FixState.NOT_FIXED : FixState.UNKNOWN;
    Rated rated = rate(reports, List.copyOf(cvss));
    return new MergedFinding(id, ids, first.pkg(), first.installedVersion(), List.copyOf(fixed),
        fixState, rated.severity, rated.source, rated.rating, List.copyOf(cvss), title,
        description, List.copyOf(urls), reportedBy, reports);
  }

  /** The severity choice documented on the class. */
  private static Rated rate(List<Finding> reports, List<Cvss> ratings) {
    Rated best = bestComputed(ratings, CvssVersion.V4_0, SeveritySource.CVSS_V4);
    if (best == null) {
      best = bestComputed(ratings, CvssVersion.V3_1, SeveritySource.CVSS_V3);
    }
    if (best == null) {
      best = bestComputed(ratings, CvssVersion.V3_0, SeveritySource.CVSS_V3);
    }
    if (best != null) {
      return best;
    }
    Severity vendor = worstLabel(reports, SeveritySource.VENDOR);
    if (vendor != null) {
      return new Rated(vendor, SeveritySource.VENDOR, null);
    }
    Severity advisory = worstLabel(reports, SeveritySource.ADVISORY);
    if (advisory != null) {
      return new Rated(advisory, SeveritySource.ADVISORY, null);
    }
    Rated v2 = bestComputed(ratings, CvssVersion.V2, SeveritySource.CVSS_V2);
    return v2 != null ? v2 : new Rated(Severity.UNKNOWN, SeveritySource.NONE, null);
  }

  private static Rated bestComputed(List<Cvss> ratings, CvssVersion version,
      SeveritySource source) {
    Cvss best = null;
    double bestScore = -1;
    for (Cvss rating : ratings) {
      if (rating.version() != version) {
        continue;
      }
      OptionalDouble score = rating.computedBaseScore();
      if (score.isPresent() && score.getAsDouble() > bestScore) {
        bestScore = score.getAsDouble();
        best = new Cvss(rating.version(), rating.vector(), bestScore, rating.source());
      }
    }
    return best == null ? null : new Rated(best.severityOf(bestScore), source, best);
  }

  /** The worst known label of that source, or null when no report has one. */
  private static Severity worstLabel(List<Finding> reports, SeveritySource source) {
    Severity worst = null;
    for (Finding finding : reports) {
      if (finding.severitySource() == source && finding.severity() != Severity.UNKNOWN
          && (worst == null || finding.severity().compareTo(worst) < 0)) {
        worst = finding.severity();
      }
    }
    return worst;
  }

  private static boolean isCve(String id) {
    return CVE.matcher(id).matches();
  }

  /** CVE ids first (by year, then number), then GHSA ids, then the rest, each alphabetically. */
  static int compareIds(String a, String b) {
    int rankA = rank(a);
    int rankB = rank(b);
    if (rankA != rankB) {
      return Integer.compare(rankA, rankB);
    }
    if (rankA == 0) {
      Matcher ma = CVE.matcher(a);
      Matcher mb = CVE.matcher(b);
      ma.matches();
      mb.matches();
      int year = Integer.compare(Integer.parseInt(ma.group(1)), Integer.parseInt(mb.group(1)));
      if (year != 0) {
        return year;
      }
      int number = Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
      if (number != 0) {
        return number;
      }
    }
    return a.compareTo(b);
  }

  private static int rank(String id) {
    if (isCve(id)) {
      return 0;
    }
    return id.startsWith("GHSA-") ? 1 : 2;
  }

  private static final class Rated {
    final Severity severity;
    final SeveritySource source;
    final Cvss rating;

    Rated(Severity severity, SeveritySource source, Cvss rating) {
      this.severity = severity;
      this.source = source;
      this.rating = rating;
    }
  }

  /** Union-find over vulnerability ids, with path compression. */
  private static final class UnionFind {
    private final Map<String, String> parent = new HashMap<>();

    void add(String id) {
      parent.putIfAbsent(id, id);
    }

    String find(String id) {
      add(id);
      String root = id;
      while (!parent.get(root).equals(root)) {
        root = parent.get(root);
      }
      String node = id;
      while (!node.equals(root)) {
        String next = parent.get(node);
        parent.put(node, root);
        node = next;
      }
      return root;
    }

    void union(String a, String b) {
      String rootA = find(a);
      String rootB = find(b);
      if (!rootA.equals(rootB)) {
        // the smaller id becomes the root, so the result does not depend on input order
        if (compareIds(rootA, rootB) <= 0) {
          parent.put(rootB, rootA);
        } else {
          parent.put(rootA, rootB);
        }
      }
    }
  }
}
