package dev.scangate.policy.waiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.policy.Inputs;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaiverMatcherTest {

  private static final Instant EXPIRY = Inputs.NOW.plus(Duration.ofDays(30));
  private static final FindingFacts LOG4J = new FindingFacts("GHSA-jfh8-c2jp-5v3q",
      List.of("CVE-2021-44228"), Severity.CRITICAL, 10.0, true, List.of("2.15.0"),
      new PackageFacts("log4j-core", "2.14.1", "maven",
          "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"),
      List.of("grype"), false, null);

  private final WaiverMatcher matcher = new WaiverMatcher(Set.of("prod"));

  private static Waiver waiver(String vulnerability, String purl, String repository, String environment) {
    return new Waiver("W-1", vulnerability, purl, repository, environment, "not reachable", "alice",
        EXPIRY, "bob", false);
  }

  private static PolicyInput input(String environment) {
    return Inputs.image().environment(environment).finding(LOG4J).build();
  }

  @Test
  void matchesVulnerabilityByAliasCaseInsensitively() {
    assertThat(matcher.check(waiver("cve-2021-44228", null, null, null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(waiver("GHSA-jfh8-c2jp-5v3q", null, null, null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(waiver("CVE-2021-45046", null, null, null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.OTHER_VULNERABILITY);
  }

  @Test
  void scopesByPackageUrlPatternIgnoringVersionAndQualifiers() {
    assertThat(matcher.check(waiver("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/*", null, null),
        LOG4J, input("prod"))).isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(waiver("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", null, null),
        LOG4J, input("prod"))).isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(waiver("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0", null, null),
        LOG4J, input("prod"))).isEqualTo(WaiverVerdict.OTHER_PACKAGE);
    assertThat(matcher.check(waiver("CVE-2021-44228", "pkg:maven/org.apache.logging/*", null, null),
        LOG4J, input("prod"))).isEqualTo(WaiverVerdict.OTHER_PACKAGE);
  }

  @Test
  void scopesByRepositoryGlob() {
    assertThat(matcher.check(waiver("CVE-2021-44228", null, "team-a/*", null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(waiver("CVE-2021-44228", null, "team-b/*", null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.OTHER_REPOSITORY);
    assertThat(matcher.check(waiver("CVE-2021-44228", null, "team-*", null), LOG4J, input("prod")))
        .as("* stays within one path segment").isEqualTo(WaiverVerdict.OTHER_REPOSITORY);
    assertThat(matcher.check(waiver("CVE-2021-44228", null, "team-*/**", null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.APPLIES);
  }

  @Test
  void repositoryGlobStartingWithRegistryHostMatchesTheFullName() {
    assertThat(matcher.check(waiver("CVE-2021-44228", null, "registry.example/team-a/*", null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(waiver("CVE-2021-44228", null, "other.example/team-a/*", null), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.OTHER_REPOSITORY);
  }

  @Test
  void scopesByEnvironment() {
    assertThat(matcher.check(waiver("CVE-2021-44228", null, null, "staging"), LOG4J, input("staging")))
        .isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(waiver("CVE-2021-44228", null, null, "staging"), LOG4J, input("prod")))
        .isEqualTo(WaiverVerdict.OTHER_ENVIRONMENT);
  }

  @Test
  void appliesUntilJustBeforeExpiryButNotAtOrAfterIt() {
    Waiver w = waiver("CVE-2021-44228", null, null, null);

    assertThat(matcher.check(w, LOG4J, Inputs.image().now(EXPIRY.minusNanos(1)).build()))
        .isEqualTo(WaiverVerdict.APPLIES);
    assertThat(matcher.check(w, LOG4J, Inputs.image().now(EXPIRY).build()))
        .isEqualTo(WaiverVerdict.EXPIRED);
    assertThat(matcher.check(w, LOG4J, Inputs.image().now(EXPIRY.plusSeconds(1)).build()))
        .isEqualTo(WaiverVerdict.EXPIRED);
  }

  @Test
  void revokedWaiverDoesNotApply() {
    Waiver revoked = new Waiver("W-1", "CVE-2021-44228", null, null, null, "r", "alice", EXPIRY, "bob", true);

    assertThat(matcher.check(revoked, LOG4J, input("prod"))).isEqualTo(WaiverVerdict.REVOKED);
  }

  @Test
  void unapprovedWaiverAppliesOnlyWhereApprovalIsNotRequired() {
    Waiver unapproved = new Waiver("W-1", "CVE-2021-44228", null, null, null, "r", "alice", EXPIRY, null, false);

    assertThat(matcher.check(unapproved, LOG4J, input("prod"))).isEqualTo(WaiverVerdict.NOT_APPROVED);
    assertThat(matcher.check(unapproved, LOG4J, input("dev"))).isEqualTo(WaiverVerdict.APPLIES);
  }

  @Test
  void approvalByTheOwnerDoesNotCountWhereApprovalIsRequired() {
    Waiver selfApproved = new Waiver("W-1", "CVE-2021-44228", null, null, null, "r", "alice", EXPIRY, "Alice", false);

    assertThat(matcher.check(selfApproved, LOG4J, input("prod"))).isEqualTo(WaiverVerdict.APPROVED_BY_OWNER);
    assertThat(matcher.check(selfApproved, LOG4J, input("dev"))).isEqualTo(WaiverVerdict.APPLIES);
  }

  @Test
  void marksWaivedFindingsAndKeepsThemInTheInput() {
    FindingFacts other = Inputs.finding("CVE-2020-1", Severity.HIGH, true);
    PolicyInput input = Inputs.image().finding(LOG4J).finding(other).build();
    Waiver b = new Waiver("W-b", "CVE-2021-44228", null, null, null, "r", "alice", EXPIRY, "bob", false);
    Waiver a = new Waiver("W-a", "GHSA-jfh8-c2jp-5v3q", null, null, null, "r", "alice", EXPIRY, "bob", false);
    Waiver expired = new Waiver("W-0", "CVE-2020-1", null, null, null, "r", "alice", Inputs.NOW, "bob", false);

    WaivedFindings result = matcher.apply(input, List.of(b, a, expired));

    assertThat(result.findings()).hasSize(2);
    assertThat(result.findings().get(0).waived()).isTrue();
    assertThat(result.findings().get(0).waiverId()).as("smallest id wins").isEqualTo("W-a");
    assertThat(result.findings().get(1).waived()).isFalse();
    assertThat(result.applied()).containsExactly(new AppliedWaiver("W-a", "GHSA-jfh8-c2jp-5v3q",
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"));
    assertThat(matcher.find(List.of(b, a, expired), LOG4J, input)).map(Waiver::id).contains("W-a");
  }

  @Test
  void rejectsWaiverWithoutReasonOrWithInvalidPattern() {
    assertThatThrownBy(() -> new Waiver("W-1", "CVE-1", null, null, null, " ", "alice", EXPIRY, null, false))
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> new Waiver("W-1", "CVE-1", "maven/x", null, null, "r", "alice", EXPIRY, null, false))
        .hasMessageContaining("invalid pattern \"maven/x\"");
  }
}
