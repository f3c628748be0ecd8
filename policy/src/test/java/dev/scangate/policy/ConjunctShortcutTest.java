package dev.scangate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.policy.PolicyCompiler.ConjunctEvaluation;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.Severity;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConjunctShortcutTest {

  private static final List<String> SHORTCUT_SELECTORS = List.of(
      "purl_matches(f.pkg.purl, 'pkg:maven/org.apache.logging.log4j/*')",
      "purl_matches(f.pkg.purl, 'pkg:deb/debian/openssl')",
      "glob_matches(f.pkg.name, 'spring-*')",
      "f.pkg.type == 'npm'",
      "'CRITICAL' == f.severity",
      "f.id != 'CVE-2021-44228'",
      "f.id in ['CVE-2021-44228', 'CVE-2022-22965']",
      "severity_at_least(f.severity, 'HIGH')",
      "f.fixAvailable",
      "!f.waived");

  private static final List<String> CEL_SELECTORS = List.of(
      "version_lt(f.pkg.version, '2.17.1')",
      "has(f.cvss)",
      "size(f.scanners) == 1",
      "f.aliases.exists(a, a.startsWith('GHSA-'))",
      "purl_matches(f.pkg.purl, f.pkg.name)",
      "f.pkg.purl.startsWith('pkg:npm')");

  private final PolicyEvaluator evaluator = new PolicyEvaluator(new WaiverMatcher(Set.of("prod")));

  @Test
  void runsTheCommonShapesAsJavaAndTheRestThroughCel() throws Exception {
    PolicyCompiler compiler = new PolicyCompiler();
    for (String selector : SHORTCUT_SELECTORS) {
      assertThat(onlyConjunct(compiler, selector).shortcut()).as(selector).isNotNull();
    }
    for (String selector : CEL_SELECTORS) {
      assertThat(onlyConjunct(compiler, selector).shortcut()).as(selector).isNull();
    }
    PolicyCompiler celOnly = new PolicyCompiler(EvaluationLimits.DEFAULT, 16, ConjunctEvaluation.CEL_ONLY);
    assertThat(onlyConjunct(celOnly, SHORTCUT_SELECTORS.get(0)).shortcut()).isNull();
  }

  @Test
  void shortcutGivesCelsResultAndStepsForEveryFinding() throws Exception {
    PolicyCompiler compiler = new PolicyCompiler();
    for (String selector : SHORTCUT_SELECTORS) {
      CompiledExpression.Conjunct conjunct = onlyConjunct(compiler, selector);
      for (FindingFacts finding : findings()) {
        CostMeter meter = new CostMeter(Long.MAX_VALUE);
        Map<String, Object> f = InputValues.finding(finding);
        Object cel = conjunct.evaluate(name -> "f".equals(name) ? Optional.of(f) : Optional.empty(), meter);
        assertThat(conjunct.shortcut().test().test(finding)).as(selector + " on " + finding).isEqualTo(cel);
        assertThat(conjunct.shortcut().steps()).as(selector).isEqualTo(meter.steps());
      }
    }
  }

  @Test
  void evaluationIsTheSameWithAndWithoutShortcuts() throws Exception {
    PolicyVersion version = policy();
    CompiledPolicy fast = new PolicyCompiler().compile(version);
    CompiledPolicy slow = new PolicyCompiler(EvaluationLimits.DEFAULT, 64, ConjunctEvaluation.CEL_ONLY)
        .compile(version);
    PolicyInput input = Inputs.image().findings(findings()).build();
    List<Waiver> waivers = List.of(new Waiver("W-1", "CVE-2021-44228", null, null, null, "accepted",
        "alice", Inputs.NOW.plus(Duration.ofDays(1)), "bob", false));

    Evaluation expected = evaluator.evaluate(slow, input, waivers);
    Evaluation actual = evaluator.evaluate(fast, input, waivers);

    assertThat(actual.results()).isEqualTo(expected.results());
    assertThat(actual.results()).extracting(RuleResult::outcome).contains(Outcome.FAIL, Outcome.PASS);
  }

  @Test
  void costLimitStopsTheSameRulesWithTheSameMessageWithAndWithoutShortcuts() throws Exception {
    PolicyVersion version = policy();
    CompiledPolicy fast = new PolicyCompiler().compile(version);
    CompiledPolicy slow = new PolicyCompiler(EvaluationLimits.DEFAULT, 64, ConjunctEvaluation.CEL_ONLY)
        .compile(version);
    PolicyInput input = Inputs.image().findings(findings()).build();
    Set<Outcome> seen = new java.util.HashSet<>();
    for (long limit = 1; limit <= 600; limit++) {
      EvaluationLimits limits = new EvaluationLimits(limit, 1_000_000);
      List<RuleResult> expected = evaluator.evaluate(
          new CompiledPolicy(version, slow.rules(), limits), input, List.of()).results();
      List<RuleResult> actual = evaluator.evaluate(
          new CompiledPolicy(version, fast.rules(), limits), input, List.of()).results();
      assertThat(actual).as("limit " + limit).isEqualTo(expected);
      actual.forEach(r -> seen.add(r.outcome()));
    }
    assertThat(seen).contains(Outcome.ERROR, Outcome.FAIL, Outcome.PASS);
  }

  /** Selector rules mixing shortcut and CEL conjuncts. */
  private static PolicyVersion policy() {
    List<Rule> rules = new ArrayList<>();
    rules.add(selectorRule("log4j",
        "purl_matches(f.pkg.purl, 'pkg:maven/org.apache.logging.log4j/*') && version_lt(f.pkg.version, '2.17.1')"));
    rules.add(selectorRule("openssl",
        "purl_matches(f.pkg.purl, 'pkg:deb/debian/openssl') && severity_at_least(f.severity, 'MEDIUM')"));
    rules.add(selectorRule("npm-high", "f.pkg.type == 'npm' && severity_at_least(f.severity, 'HIGH')"));
    rules.add(selectorRule("exploited", "f.id in ['CVE-2021-44228', 'CVE-2022-22965', 'CVE-9']"));
    rules.add(selectorRule("fixable-single", "f.fixAvailable && size(f.scanners) == 1"));
    rules.add(selectorRule("spring", "glob_matches(f.pkg.name, 'spring-*') && f.id != 'CVE-3'"));
    rules.add(selectorRule("cargo", "f.pkg.type == 'cargo' && f.fixAvailable"));
    rules.add(new Rule("many-unwaived", "", Action.WARN, "size(selected) > 3", "{{count}}: {{ids}}",
        "!f.waived && 'LOW' == f.severity"));
    return new PolicyVersion("shortcuts", 1, rules);
  }

  private static Rule selectorRule(String id, String selector) {
    return new Rule(id, "", Action.DENY, null, "{{count}}: {{ids}}", selector);
  }

  /** Findings over a few packages, each package several times, ids repeating. */
  private static List<FindingFacts> findings() {
    List<PackageFacts> packages = List.of(
        new PackageFacts("log4j-core", "2.14.1", "maven", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        new PackageFacts("log4j-api", "2.17.2", "maven", "pkg:maven/org.apache.logging.log4j/log4j-api@2.17.2"),
        new PackageFacts("openssl", "3.0.11-1~deb12u2", "deb", "PKG:DEB/debian/openssl@3.0.11-1~deb12u2?arch=amd64"),
        new PackageFacts("spring-beans", "5.3.17", "maven", "pkg:maven/org.springframework/spring-beans@5.3.17"),
        new PackageFacts("lodash", "4.17.20", "npm", "pkg:npm/lodash@4.17.20"),
        new PackageFacts("core", "17.0.0", "npm", "pkg:npm/%40angular/core@17.0.0"),
        new PackageFacts("odd", "", "", ""));
    Severity[] severities = Severity.values();
    List<FindingFacts> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Severity severity = severities[i % severities.length];
      boolean fix = i % 3 != 0;
      String id = i == 0 ? "CVE-2021-44228" : "CVE-" + (i % 11);
      out.add(new FindingFacts(id, List.of(), severity, severity == Severity.UNKNOWN ? null : 5.0, fix,
          fix ? List.of("9.9") : List.of(), packages.get(i % packages.size()),
          i % 4 == 0 ? List.of("grype") : List.of("grype", "trivy"), false, null));
    }
    out.add(out.get(5).waivedBy("W-0"));
    return out;
  }

  private static CompiledExpression.Conjunct onlyConjunct(PolicyCompiler compiler, String selector)
      throws PolicyCompileException {
    CompiledPolicy compiled = compiler.compile(new PolicyVersion("one", 1, List.of(
        new Rule("r", "", Action.WARN, null, "m", selector))));
    List<CompiledExpression.Conjunct> conjuncts = compiled.rules().get(0).selector.conjuncts;
    assertThat(conjuncts).hasSize(1);
    return conjuncts.get(0);
  }
}
