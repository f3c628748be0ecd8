package dev.scangate.policy.waiver;

import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.match.Glob;
import dev.scangate.policy.match.PurlPattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which waiver applies to which finding. Pure: everything comes from the arguments,
 * including the time ({@link PolicyInput#now()}).
 *
 * <p>A waiver applies to a finding when all of these hold:
 * <ol>
 *   <li>its vulnerability id equals the finding's id or one of its aliases (case-insensitive);</li>
 *   <li>its package URL pattern, if any, matches the finding's package URL
 *       ({@link PurlPattern});</li>
 *   <li>its repository glob, if any, matches the image repository ({@link Glob}); a glob whose
 *       first segment looks like a registry host (contains {@code .} or {@code :}, or is
 *       {@code localhost}) is matched against {@code registry/repository} instead;</li>
 *   <li>its environment, if any, is the input's environment;</li>
 *   <li>it is not revoked, and {@code now} is before {@code expiresAt};</li>
 *   <li>where the environment requires approval: it was approved, by someone other than its
 *       owner (compared case-insensitively).</li>
 * </ol>
 * When several waivers apply to one finding, the one with the smallest id (in string order) is
 * recorded, so that repeated evaluations record the same one.
 *
 * <pre>{@code
 * WaiverMatcher matcher = new WaiverMatcher(Set.of("prod"));
 * WaivedFindings marked = matcher.apply(input, waivers);
 * }</pre>
 */
public final class WaiverMatcher {

  private final Set<String> environmentsRequiringApproval;

  /**
   * @param environmentsRequiringApproval environments where only approved waivers apply
   */
  public WaiverMatcher(Set<String> environmentsRequiringApproval) {
    this.environmentsRequiringApproval = Set.copyOf(environmentsRequiringApproval);
  }

  /** Whether approval is required in this environment. */
  public boolean requiresApproval(String environment) {
    return environmentsRequiringApproval.contains(environment);
  }

  /** Whether one waiver applies to one finding of the input, or the first reason it does not. */
  public WaiverVerdict check(Waiver waiver, FindingFacts finding, PolicyInput input) {
    if (!finding.isKnownAs(waiver.vulnerabilityId())) {
      return WaiverVerdict.OTHER_VULNERABILITY;
    }
    if (waiver.purlPattern() != null
        && !PurlPattern.parse(waiver.purlPattern()).matches(finding.pkg().purl())) {
      return WaiverVerdict.OTHER_PACKAGE;
    }
    if (waiver.repositoryGlob() != null && !repositoryMatches(waiver.repositoryGlob(), input)) {
      return WaiverVerdict.OTHER_REPOSITORY;
    }
    if (waiver.environment() != null && !waiver.environment().equals(input.environment())) {
      return WaiverVerdict.OTHER_ENVIRONMENT;
    }
    if (waiver.revoked()) {
      return WaiverVerdict.REVOKED;
    }
    if (!input.now().isBefore(waiver.expiresAt())) {
      return WaiverVerdict.EXPIRED;
    }
    if (requiresApproval(input.environment())) {
      if (waiver.approvedBy() == null) {
        return WaiverVerdict.NOT_APPROVED;
      }
      if (waiver.approvedBy().equalsIgnoreCase(waiver.owner())) {
        return WaiverVerdict.APPROVED_BY_OWNER;
      }
    }
    return WaiverVerdict.APPLIES;
  }

  /** The waiver that applies to the finding, if any (smallest id first). */
  public Optional<Waiver> find(List<Waiver> waivers, FindingFacts finding, PolicyInput input) {
    return waivers.stream()
        .sorted(Comparator.comparing(Waiver::id))
        .filter(w -> check(w, finding, input) == WaiverVerdict.APPLIES)
        .findFirst();
  }

  /**
   * Marks every finding of the input that a waiver applies to. Findings already marked waived
   * in the input keep their mark.
   */
  public WaivedFindings apply(PolicyInput input, List<Waiver> waivers) {
    WaiverIndex byVulnerability = new WaiverIndex(waivers);
    List<FindingFacts> marked = new ArrayList<>(input.findings().size());
    List<AppliedWaiver> applied = new ArrayList<>();
    for (FindingFacts finding : input.findings()) {
      if (finding.waived() || byVulnerability.isEmpty()) {
        marked.add(finding);
        continue;
      }
      Waiver chosen = choose(byVulnerability.get(finding.id()), finding, input, null);
      List<String> aliases = finding.aliases();
      for (int k = 0; k < aliases.size(); k++) { // no iterator per finding
        chosen = choose(byVulnerability.get(aliases.get(k)), finding, input, chosen);
      }
      if (chosen == null) {
        marked.add(finding);
      } else {
        marked.add(finding.waivedBy(chosen.id()));
        applied.add(new AppliedWaiver(chosen.id(), finding.id(), finding.pkg().purl()));
      }
    }
    return new WaivedFindings(marked, applied);
  }

  /** The applying waiver with the smallest id among the candidates and the one chosen so far. */
  private Waiver choose(List<Waiver> candidates, FindingFacts finding, PolicyInput input,
      Waiver chosen) {
    if (candidates == null) {
      return chosen;
    }
    for (Waiver candidate : candidates) {
      if ((chosen == null || candidate.id().compareTo(chosen.id()) < 0)
          && check(candidate, finding, input) == WaiverVerdict.APPLIES) {
        chosen = candidate;
      }
    }
    return chosen;
  }

  private static boolean repositoryMatches(String glob, PolicyInput input) {
    String firstSegment = glob.split("/", 2)[0];
    boolean withRegistry = firstSegment.contains(".") || firstSegment.contains(":")
        || firstSegment.equals("localhost");
    String name = withRegistry
        ? input.image().registry() + "/" + input.image().repository()
        : input.image().repository();
    return Glob.parse(glob).matches(name);
  }
}
