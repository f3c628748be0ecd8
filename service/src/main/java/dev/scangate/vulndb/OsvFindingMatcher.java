package dev.scangate.vulndb;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.osv.AdvisoryIndex;
import dev.scangate.osv.MatchIssue;
import dev.scangate.osv.OsvMatch;
import dev.scangate.osv.OsvMatchReport;
import dev.scangate.osv.OsvMatcher;
import dev.scangate.osv.OsvSeverity;
import dev.scangate.vuln.Cvss;
import dev.scangate.vuln.CvssVersion;
import dev.scangate.vuln.Finding;
import dev.scangate.vuln.FixState;
import dev.scangate.vuln.MatchException;
import dev.scangate.vuln.MatchInput;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.Matcher;
import dev.scangate.vuln.PackageRef;
import dev.scangate.vuln.ScannerInfo;
import dev.scangate.vuln.Severity;
import dev.scangate.vuln.SeveritySource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * scangate's OSV matcher as a {@link Matcher}: matches the catalog of a {@link MatchInput}
 * against the current {@link Advisories} index and reports each match as a {@link Finding}:
 * the advisory id, its aliases and upstream ids as aliases, fixed when the matching ranges name
 * a fixed version above the installed one, rated from the record's CVSS vector (the newest
 * version present, the highest score) or else its {@code database_specific.severity}.
 */
@Component
public class OsvFindingMatcher implements Matcher {

  static final String VERSION = OsvFindingMatcher.class.getPackage().getImplementationVersion()
      == null ? "dev" : OsvFindingMatcher.class.getPackage().getImplementationVersion();

  private final Advisories advisories;

  OsvFindingMatcher(Advisories advisories) {
    this.advisories = advisories;
  }

  @Override
  public String id() {
    return OsvMatcher.ID;
  }

  @Override
  public String toolVersion() {
    return VERSION;
  }

  @Override
  public String databaseVersion() {
    return new OsvMatcher(advisories.index()).databaseVersion();
  }

  @Override
  public ScannerInfo info() {
    AdvisoryIndex index = advisories.index();
    return new ScannerInfo(id(), VERSION, new OsvMatcher(index).databaseVersion(),
        index.latestModified().orElse(null));
  }

  @Override
  public MatchResult match(MatchInput input) throws MatchException {
    if (input.catalog() == null) {
      throw new MatchException(id(), "the OSV matcher needs the cataloged packages; the input"
          + " has only " + (input.sbom() != null ? "an SBOM file" : "an image"));
    }
    AdvisoryIndex index = advisories.index();
    OsvMatcher matcher = new OsvMatcher(index);
    OsvMatchReport report = matcher.match(input.catalog().packages(), input.catalog().distro());
    List<Finding> findings = new ArrayList<>();
    for (OsvMatch match : report.matches()) {
      findings.add(finding(match));
    }
    List<String> warnings = new ArrayList<>();
    for (MatchIssue issue : report.issues()) {
      warnings.add(issue.purl() + (issue.advisoryId() == null ? "" : " (" + issue.advisoryId()
          + ")") + ": " + issue.reason());
    }
    return new MatchResult(new ScannerInfo(id(), VERSION, matcher.databaseVersion(),
        index.latestModified().orElse(null)), findings, warnings);
  }

  static Finding finding(OsvMatch match) {
    CatalogedPackage component = match.component();
    Set<String> aliases = new LinkedHashSet<>(match.aliases());
    aliases.addAll(match.upstream());
    List<Cvss> ratings = new ArrayList<>();
    for (OsvSeverity severity : match.severity()) {
      if (CvssVersion.ofVector(severity.score()) != null) {
        ratings.add(Cvss.ofVector(severity.score(), null, "osv"));
      }
    }
    Severity severity = Severity.UNKNOWN;
    SeveritySource source = SeveritySource.NONE;
    Cvss best = best(ratings);
    if (best != null) {
      double score = best.computedBaseScore().getAsDouble();
      severity = best.severityOf(score);
      source = best.version() == CvssVersion.V4_0 ? SeveritySource.CVSS_V4
          : best.version() == CvssVersion.V2 ? SeveritySource.CVSS_V2 : SeveritySource.CVSS_V3;
    } else if (match.databaseSeverity() != null) {
      severity = Severity.fromLabel(match.databaseSeverity());
      source = severity == Severity.UNKNOWN ? SeveritySource.NONE : SeveritySource.ADVISORY;
    }
    return new Finding(match.advisoryId(), aliases, new PackageRef(component.purl(),
        component.name(), component.version(), component.type().purlType()),
        match.installedVersion(), match.fixedVersions(),
        match.fixedVersions().isEmpty() ? FixState.NOT_FIXED : FixState.FIXED, severity, source,
        ratings, match.summary(), null,
        List.of("https://osv.dev/vulnerability/" + match.advisoryId()), match.ecosystem(),
        OsvMatcher.ID);
  }

  /**
   * The rating to rate by: of the vectors whose score can be computed, the newest CVSS version
   * (v4.0, then v3.x, then v2), and of that version the highest score.
   */
  private static Cvss best(List<Cvss> ratings) {
    Cvss best = null;
    double bestScore = -1;
    for (Cvss rating : ratings) {
      OptionalDouble score = rating.computedBaseScore();
      if (score.isEmpty()) {
        continue;
      }
      int rank = rank(rating.version());
      int bestRank = best == null ? -1 : rank(best.version());
      if (rank > bestRank || rank == bestRank && score.getAsDouble() > bestScore) {
        best = rating;
        bestScore = score.getAsDouble();
      }
    }
    return best;
  }

  private static int rank(CvssVersion version) {
    switch (version) {
      case V4_0:
        return 3;
      case V3_0:
      case V3_1:
        return 2;
      default:
        return 1;
    }
  }
}
