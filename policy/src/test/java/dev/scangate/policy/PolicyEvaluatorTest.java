package dev.scangate.policy;

import static dev.scangate.policy.Inputs.finding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.Severity;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

  private final PolicyCompiler compiler = new PolicyCompiler();
  private final PolicyEvaluator evaluator = new PolicyEvaluator(new WaiverMatcher(Set.of()));

  private Evaluation evaluate(PolicyInput input, Rule... rules) throws PolicyCompileException {
    return evaluator.evaluate(compiler.compile(new PolicyVersion("test", 1, List.of(rules))), input, List.of());
  }

  private static List<FindingFacts> manyFindings(int n) {
    List<FindingFacts> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(finding("CVE-2024-" + i, Severity.LOW, false));
    }
    return out;
  }

  @Test
  void runawayExpressionErrorsThatRuleWithCostMessageAndOtherRulesStillRun() throws Exception {
    PolicyInput input = Inputs.image().findings(manyFindings(3000)).build();

    long started = System.nanoTime();
    Evaluation e = evaluate(input,
        new Rule("runaway", "", Action.WARN,
            "findings.all(a, findings.all(b, a.id != b.id || a == b))", "m"),
        new Rule("scanned", "", Action.DENY, "!scan.present", "m"));
    long millis = (System.nanoTime() - started) / 1_000_000;

    RuleResult runaway = e.result("runaway");
    assertThat(runaway.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(runaway.message()).isEqualTo(
        "rule runaway exceeded the evaluation cost limit of 2000000 (evaluation steps)");
    assertThat(e.result("scanned").outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.decision().allowed()).isTrue();
    assertThat(e.decision().warnings()).containsExactly(runaway);
    assertThat(millis).as("stopped long before 9,000,000 iterations").isLessThan(10_000);
  }

  @Test
  void runawaySelectorErrorsWithCostMessageOnDenyRuleAndDenies() throws Exception {
    PolicyInput input = Inputs.image().findings(manyFindings(3000)).build();

    Evaluation e = evaluate(input, new Rule("dupes", "", Action.DENY, null, "m",
        "findings.exists(g, g.id == f.id && g != f)"));

    assertThat(e.result("dupes").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.result("dupes").message())
        .isEqualTo("rule dupes exceeded the evaluation cost limit of 2000000 (evaluation steps)");
    assertThat(e.decision().allowed()).as("an ERROR on a DENY rule fails closed").isFalse();
  }

  @Test
  void iterationLimitStopsComprehensionsWithinOneEvaluation() throws Exception {
    PolicyCompiler small = new PolicyCompiler(new EvaluationLimits(100_000_000, 1_000), 16);
    PolicyInput input = Inputs.image().findings(manyFindings(1_001)).build();

    Evaluation e = evaluator.evaluate(small.compile(new PolicyVersion("test", 1, List.of(
        new Rule("big", "", Action.DENY, "findings.exists(f, f.id == 'none')", "m")))), input, List.of());

    assertThat(e.result("big").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.result("big").message()).isEqualTo(
        "rule big exceeded the evaluation cost limit of 1000 (comprehension iterations per evaluation)");
  }

  @Test
  void missingOptionalFieldIsAnErrorThatDeniesOnDenyRule() throws Exception {
    FindingFacts noScore = new FindingFacts("CVE-1", List.of(), Severity.HIGH, null, true,
        List.of("2.0"), new PackageFacts("x", "1.0", "npm", "pkg:npm/x@1.0"), List.of("grype"), false, null);

    Evaluation e = evaluate(Inputs.image().finding(noScore).build(),
        new Rule("score", "", Action.DENY, null, "m", "f.cvss >= 9.0"),
        new Rule("guarded", "", Action.DENY, null, "m", "has(f.cvss) && f.cvss >= 9.0"));

    assertThat(e.result("score").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.result("score").message())
        .startsWith("rule score: selector failed on finding CVE-1: ")
        .contains("cvss");
    assertThat(e.result("guarded").outcome()).isEqualTo(Outcome.PASS);
    assertThat(((Decision.Denied) e.decision()).failedRules()).extracting(RuleResult::ruleId)
        .containsExactly("score");
  }

  @Test
  void falseConjunctWinsOverFailedConjunctAsInCel() throws Exception {
    FindingFacts lowWithoutScore = new FindingFacts("CVE-1", List.of(), Severity.LOW, null, true,
        List.of("2.0"), new PackageFacts("x", "1.0", "npm", "pkg:npm/x@1.0"), List.of("grype"), false, null);
    FindingFacts criticalWithoutScore = new FindingFacts("CVE-2", List.of(), Severity.CRITICAL, null, true,
        List.of("2.0"), new PackageFacts("x", "1.0", "npm", "pkg:npm/x@1.0"), List.of("grype"), false, null);
    Rule rule = new Rule("score", "", Action.DENY, null, "m", "f.cvss >= 9.0 && f.severity == 'CRITICAL'");
    Rule plain = new Rule("plain", "", Action.DENY,
        "findings.exists(f, f.cvss >= 9.0 && f.severity == 'CRITICAL')", "m");

    Evaluation low = evaluate(Inputs.image().finding(lowWithoutScore).build(), rule, plain);
    Evaluation critical = evaluate(Inputs.image().finding(criticalWithoutScore).build(), rule, plain);

    assertThat(low.result("score").outcome()).isEqualTo(Outcome.PASS);
    assertThat(low.result("plain").outcome()).isEqualTo(Outcome.PASS);
    assertThat(critical.result("score").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(critical.result("plain").outcome()).isEqualTo(Outcome.ERROR);
  }

  @Test
  void selectorRuleAndEquivalentExistsRuleAgreeOnManyFindings() throws Exception {
    List<FindingFacts> findings = new ArrayList<>();
    Severity[] severities = Severity.values();
    for (int i = 0; i < 400; i++) {
      findings.add(finding("CVE-" + (i % 150), severities[i % severities.length], i % 3 == 0,
          "pkg:maven/org.example/lib-" + (i % 40) + "@1." + (i % 7), i % 4 == 0 ? List.of("grype") : List.of("grype", "trivy")));
    }
    String selector = "severity_at_least(f.severity, 'MEDIUM') && f.fixAvailable"
        + " && version_lt(f.pkg.version, '1.4') && size(f.scanners) > 1";

    Evaluation e = evaluate(Inputs.image().findings(findings).build(),
        new Rule("sel", "", Action.DENY, null, "{{count}}", selector),
        new Rule("plain", "", Action.DENY, "findings.filter(f, " + selector + ").size() == 34", "m"));

    long expected = findings.stream().filter(f -> f.severity().atLeast(Severity.MEDIUM) && f.fixAvailable()
        && dev.scangate.policy.match.LooseVersion.compare(f.pkg().version(), "1.4") < 0
        && f.scanners().size() > 1).count();
    assertThat(expected).isEqualTo(34);
    assertThat(e.result("sel").message()).isEqualTo("34");
    assertThat(e.result("plain").outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void selectorThatFailsPartWayLeavesTheOtherSelectorsToSeeEveryFinding() throws Exception {
    List<FindingFacts> findings = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      findings.add(new FindingFacts("CVE-" + i, List.of(), i % 2 == 0 ? Severity.LOW : Severity.HIGH,
          i == 10 ? null : 9.5, false, List.of(), new PackageFacts("p" + i, "1.0", "npm", "pkg:npm/p" + i + "@1.0"),
          List.of("grype"), false, null));
    }
    PolicyInput input = Inputs.image().findings(findings).build();
    Rule unguarded = new Rule("score", "", Action.DENY, null, "{{count}}", "f.cvss >= 9.0");
    Rule low = new Rule("low", "", Action.WARN, null, "{{count}}: {{ids}}", "f.severity == 'LOW'");
    Rule after = new Rule("after", "", Action.WARN, null, "{{ids}}", "f.id in ['CVE-29']");

    Evaluation together = evaluate(input, unguarded, low, after);

    assertThat(together.result("score").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(together.result("score").message())
        .startsWith("rule score: selector failed on finding CVE-10: ");
    assertThat(together.result("low").message())
        .isEqualTo("15: CVE-0, CVE-2, CVE-4, CVE-6, CVE-8, CVE-10, CVE-12, CVE-14, CVE-16, CVE-18 and 5 more");
    assertThat(together.result("low").decidingFindings()).hasSize(15);
    assertThat(together.result("after").message()).isEqualTo("CVE-29");
    // each rule alone gives the same result
    for (Rule rule : List.of(unguarded, low, after)) {
      assertThat(evaluate(input, rule).results()).containsExactly(together.result(rule.id()));
    }
  }

  @Test
  void selectorExpressionSetsAThreshold() throws Exception {
    Rule rule = new Rule("many-medium", "", Action.DENY, "size(selected) > 2",
        "{{count}} medium findings: {{ids}}", "f.severity == 'MEDIUM'");

    Evaluation two = evaluate(Inputs.image()
        .finding(finding("CVE-1", Severity.MEDIUM, false))
        .finding(finding("CVE-2", Severity.MEDIUM, false)).build(), rule);
    Evaluation three = evaluate(Inputs.image()
        .finding(finding("CVE-1", Severity.MEDIUM, false))
        .finding(finding("CVE-2", Severity.MEDIUM, false))
        .finding(finding("CVE-3", Severity.MEDIUM, false)).build(), rule);

    assertThat(two.result("many-medium").outcome()).isEqualTo(Outcome.PASS);
    assertThat(three.result("many-medium").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(three.result("many-medium").message()).isEqualTo("3 medium findings: CVE-1, CVE-2, CVE-3");
  }

  @Test
  void selectorSkipsWaivedFindingsButPlainExpressionsSeeThemMarked() throws Exception {
    Waiver waiver = new Waiver("W-9", "CVE-1", null, null, null, "accepted", "alice",
        Inputs.NOW.plus(Duration.ofDays(1)), null, false);
    PolicyInput input = Inputs.image().finding(finding("CVE-1", Severity.CRITICAL, true)).build();
    CompiledPolicy compiled = compiler.compile(new PolicyVersion("test", 1, List.of(
        new Rule("selector", "", Action.DENY, null, "m", "f.severity == 'CRITICAL'"),
        new Rule("plain", "", Action.WARN,
            "findings.exists(f, f.severity == 'CRITICAL' && f.waived && f.waiverId == 'W-9')",
            "waived by {{findings[0].waiverId}}"))));

    Evaluation e = evaluator.evaluate(compiled, input, List.of(waiver));

    assertThat(e.result("selector").outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.result("plain").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(e.result("plain").message()).isEqualTo("waived by W-9");
  }

  @Test
  void sharedSelectorResultsStillDistinguishFindingsByEveryFieldRead() throws Exception {
    List<FindingFacts> findings = new ArrayList<>(manyFindings(500));
    findings.add(finding("CVE-2021-44228", Severity.LOW, false,
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", List.of("grype")));
    findings.add(finding("CVE-2021-44228", Severity.LOW, false,
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", List.of("grype")));

    Evaluation e = evaluate(Inputs.image().findings(findings).build(),
        new Rule("log4shell", "", Action.DENY, null, "{{ids}} in {{selected.map(s, s.pkg.version)}}",
            "f.id == 'CVE-2021-44228' && purl_matches(f.pkg.purl, 'pkg:maven/org.apache.logging.log4j/*')"
                + " && version_lt(f.pkg.version, '2.17.0')"));

    assertThat(e.result("log4shell").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(e.result("log4shell").decidingFindings()).containsExactly(new FindingRef(
        "CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
    assertThat(e.result("log4shell").message()).isEqualTo("CVE-2021-44228 in 2.14.1");
  }

  @Test
  void messageListsTenIdsAndCountsTheRest() throws Exception {
    List<FindingFacts> findings = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      findings.add(finding("CVE-" + i, Severity.HIGH, true));
    }

    Evaluation e = evaluate(Inputs.image().findings(findings).build(),
        new Rule("high", "", Action.DENY, null, "{{ids}}", "f.severity == 'HIGH'"));

    assertThat(e.result("high").message())
        .isEqualTo("CVE-1, CVE-2, CVE-3, CVE-4, CVE-5, CVE-6, CVE-7, CVE-8, CVE-9, CVE-10 and 2 more");
    assertThat(e.result("high").decidingFindings()).hasSize(12);
  }

  @Test
  void placeholderThatFailsRendersAsErrorWithoutChangingTheOutcome() throws Exception {
    Evaluation e = evaluate(Inputs.image().build(),
        new Rule("labels", "", Action.WARN, "scan.present", "owner {{image.labels['owner']}} missing"));

    assertThat(e.result("labels").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(e.result("labels").message()).startsWith("owner <error: ").endsWith("> missing");
  }

  @Test
  void errorOnWarnRuleOnlyWarns() throws Exception {
    Evaluation e = evaluate(Inputs.image().build(),
        new Rule("label", "", Action.WARN, "image.labels['team'] == 'a'", "m"));

    assertThat(e.result("label").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.result("label").message()).startsWith("rule label could not be evaluated: ").contains("team");
    assertThat(e.decision()).isInstanceOf(Decision.Allowed.class);
  }

  @Test
  void functionErrorAtRunTimeIsAnError() throws Exception {
    Evaluation e = evaluate(Inputs.image().finding(finding("CVE-1", Severity.LOW, false)).build(),
        new Rule("range", "", Action.DENY,
            "findings.exists(f, version_in(f.pkg.version, f.id))", "m"));

    assertThat(e.result("range").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.result("range").message()).contains("invalid pattern \"CVE-1\"");
    assertThat(e.decision().allowed()).isFalse();
  }

  @Test
  void inputVariablesAreAvailableToRules() throws Exception {
    PolicyInput input = Inputs.image().environment("prod").build();

    Evaluation e = evaluate(input,
        new Rule("env", "", Action.WARN, "environment.name == 'prod' && image.ageDays == 31"
            + " && image.labels['org.opencontainers.image.source'].startsWith('https://')"
            + " && scan.ageHours == 2 && scan.scanners.exists(s, s.name == 'trivy')"
            + " && size(attestations) == 0 && size(sbom.components) == 0"
            + " && glob_matches(image.repository, 'team-a/*')", "ok"));

    assertThat(e.result("env").outcome()).isEqualTo(Outcome.FAIL);
  }
}
