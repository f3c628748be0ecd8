package dev.scangate.policy;

import static dev.scangate.policy.Inputs.finding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.ScanFacts;
import dev.scangate.policy.input.ScannerFacts;
import dev.scangate.policy.input.Severity;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultPolicyTest {

  private static final CompiledPolicy POLICY = compileDefault();
  private final PolicyEvaluator evaluator = new PolicyEvaluator(new WaiverMatcher(Set.of()));

  private static CompiledPolicy compileDefault() {
    try {
      return new PolicyCompiler().compile(DefaultPolicy.load());
    } catch (PolicyCompileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private Evaluation evaluate(PolicyInput input, Waiver... waivers) {
    return evaluator.evaluate(POLICY, input, List.of(waivers));
  }

  @Test
  void allowsCleanFreshlyScannedNonRootImageWithoutWarnings() {
    Evaluation e = evaluate(Inputs.image().build());

    assertThat(e.decision()).isInstanceOf(Decision.Allowed.class);
    assertThat(e.decision().warnings()).isEmpty();
    assertThat(e.results()).extracting(RuleResult::outcome).containsOnly(Outcome.PASS);
    assertThat(e.policyDigest()).isEqualTo(DefaultPolicy.load().digest()).startsWith("sha256:");
    assertThat(e.results()).extracting(RuleResult::ruleId).containsExactly(
        "no-fixable-critical-or-high", "scan-not-older-than-7-days", "scanned", "not-root",
        "findings-confirmed-by-two-scanners");
  }

  @Test
  void deniesFixableCriticalFindingAndNamesIt() {
    Evaluation e = evaluate(Inputs.image()
        .finding(finding("CVE-2021-44228", Severity.CRITICAL, true))
        .finding(finding("CVE-2020-0001", Severity.LOW, true))
        .build());

    assertThat(e.decision().allowed()).isFalse();
    RuleResult r = ((Decision.Denied) e.decision()).failedRules().get(0);
    assertThat(r.ruleId()).isEqualTo("no-fixable-critical-or-high");
    assertThat(r.message()).isEqualTo("1 fixable critical or high finding(s) not waived: CVE-2021-44228");
    assertThat(r.decidingFindings()).containsExactly(new FindingRef("CVE-2021-44228",
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
  }

  @Test
  void deniesFixableHighFinding() {
    Evaluation e = evaluate(Inputs.image().finding(finding("CVE-1", Severity.HIGH, true)).build());

    assertThat(e.result("no-fixable-critical-or-high").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(e.decision().allowed()).isFalse();
  }

  @Test
  void allowsCriticalFindingWithoutFixAndFixableMediumFinding() {
    Evaluation e = evaluate(Inputs.image()
        .finding(finding("CVE-1", Severity.CRITICAL, false))
        .finding(finding("CVE-2", Severity.MEDIUM, true))
        .build());

    assertThat(e.result("no-fixable-critical-or-high").outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.decision().allowed()).isTrue();
  }

  @Test
  void allowsFixableCriticalFindingThatIsWaivedAndRecordsTheWaiver() {
    Waiver waiver = new Waiver("W-1", "CVE-2021-44228", null, null, null, "not reachable",
        "alice", Inputs.NOW.plus(Duration.ofDays(30)), null, false);

    Evaluation e = evaluate(Inputs.image()
        .finding(finding("CVE-2021-44228", Severity.CRITICAL, true)).build(), waiver);

    assertThat(e.decision().allowed()).isTrue();
    assertThat(e.waiversApplied()).singleElement().satisfies(w -> {
      assertThat(w.waiverId()).isEqualTo("W-1");
      assertThat(w.findingId()).isEqualTo("CVE-2021-44228");
    });
  }

  @Test
  void allowsScanJustUnderSevenDaysOld() {
    Evaluation e = evaluate(Inputs.image().scannedAgo(Duration.ofDays(7).minusSeconds(1)).build());

    assertThat(e.result("scan-not-older-than-7-days").outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.decision().allowed()).isTrue();
  }

  @Test
  void deniesScanOlderThanSevenDays() {
    Evaluation e = evaluate(Inputs.image().scannedAgo(Duration.ofDays(7).plusSeconds(1)).build());

    RuleResult r = e.result("scan-not-older-than-7-days");
    assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.message()).isEqualTo("the latest scan of team-a/api is 168 hours old (limit 168)");
    assertThat(e.decision().allowed()).isFalse();
  }

  @Test
  void deniesImageNeverScannedWithoutErroringTheScanAgeRule() {
    Evaluation e = evaluate(Inputs.image().neverScanned().build());

    assertThat(e.result("scanned").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(e.result("scanned").message()).isEqualTo("team-a/api@" + Inputs.DIGEST + " was never scanned");
    assertThat(e.result("scan-not-older-than-7-days").outcome()).isEqualTo(Outcome.PASS);
    assertThat(((Decision.Denied) e.decision()).failedRules()).extracting(RuleResult::ruleId)
        .containsExactly("scanned");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "root", "0", "0:0", "root:root"})
  void warnsButAllowsImagesRunningAsRoot(String user) {
    Evaluation e = evaluate(Inputs.image().user(user).build());

    assertThat(e.decision()).isInstanceOf(Decision.Allowed.class);
    assertThat(e.decision().warnings()).singleElement().satisfies(w -> {
      assertThat(w.ruleId()).isEqualTo("not-root");
      assertThat(w.message()).isEqualTo("team-a/api runs as root (user \"" + user + "\")");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000", "app", "1000:0", "rootless"})
  void doesNotWarnForNonRootUsers(String user) {
    Evaluation e = evaluate(Inputs.image().user(user).build());

    assertThat(e.result("not-root").outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void warnsOnFindingOnlyOneOfSeveralScannersReports() {
    Evaluation e = evaluate(Inputs.image()
        .finding(finding("CVE-1", Severity.LOW, false, "pkg:npm/lodash@4.17.20", List.of("trivy")))
        .finding(finding("CVE-2", Severity.LOW, false, "pkg:npm/lodash@4.17.20", List.of("grype", "trivy")))
        .build());

    assertThat(e.decision().allowed()).isTrue();
    assertThat(e.decision().warnings()).singleElement().satisfies(w -> {
      assertThat(w.ruleId()).isEqualTo("findings-confirmed-by-two-scanners");
      assertThat(w.message()).isEqualTo("1 finding(s) reported by only one scanner: CVE-1");
      assertThat(w.decidingFindings()).extracting(FindingRef::vulnerabilityId).containsExactly("CVE-1");
    });
  }

  @Test
  void doesNotWarnOnSingleScannerFindingsWhenOnlyOneScannerRan() {
    Evaluation e = evaluate(Inputs.image()
        .scan(new ScanFacts(Inputs.NOW.minusSeconds(60), List.of(new ScannerFacts("grype", "0.74.0", "5")), 0))
        .finding(finding("CVE-1", Severity.LOW, false, "pkg:npm/lodash@4.17.20", List.of("grype")))
        .build());

    assertThat(e.result("findings-confirmed-by-two-scanners").outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void recordsPolicyAndInputIdentity() {
    Instant now = Instant.parse("2024-06-02T00:00:00Z");
    Evaluation e = evaluate(Inputs.image().environment("staging").now(now).scannedAgo(Duration.ofHours(1)).build());

    assertThat(e.policyName()).isEqualTo("default");
    assertThat(e.policyVersion()).isEqualTo(1);
    assertThat(e.environment()).isEqualTo("staging");
    assertThat(e.imageDigest()).isEqualTo(Inputs.DIGEST);
    assertThat(e.evaluatedAt()).isEqualTo(now);
  }
}
