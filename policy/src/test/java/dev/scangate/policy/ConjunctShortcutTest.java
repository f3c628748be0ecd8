package dev.scangate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.policy.PolicyCompiler.ConjunctEvaluation;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.Severity;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
      "'CRITICAL' != f.severity",
      "f.id != 'CVE-2021-44228'",
      "f.id in ['CVE-2021-44228', 'CVE-2022-22965']",
      "severity_at_least(f.severity, 'HIGH')",
      "version_lt(f.pkg.version, '2.17.1')",
      "version_in(f.pkg.version, '[5.3.0,5.3.18)')",
      "f.fixAvailable",
      "!f.waived",
      "has(f.cvss)",
      "!has(f.cvss)",
      "f.cvss >= 9.0",
      "f.cvss > 7",
      "f.cvss < 4.0",
      "f.cvss <= 5",
      "f.cvss == 5.0",
      "f.cvss != 5.0",
      "9.0 <= f.cvss",
      "size(f.scanners) == 1",
      "size(f.fixedVersions) > 0",
      "f.aliases.size() >= 2",
      "1 < size(f.scanners)",
      "size(f.aliases) != 0",
      "'trivy' in f.scanners",
      "!('grype' in f.scanners)",
      "f.aliases.exists(a, a.startsWith('GHSA-'))",
      "f.aliases.exists(a, a == 'CVE-2021-45046')",
      "f.scanners.exists(s, 'trivy' == s)",
      "f.aliases.exists(a, a.endsWith('5v3q'))",
      "f.aliases.exists(a, a.contains('2021'))",
      "f.aliases.all(a, a.startsWith('GHSA-'))",
      "f.scanners.all(s, s != 'osv')",
      "!f.aliases.exists(a, a.startsWith('GHSA-'))");

  private static final List<String> CEL_SELECTORS = List.of(
      "purl_matches(f.pkg.purl, f.pkg.name)",
      "f.pkg.purl.startsWith('pkg:npm')",
      "f.cvss >= f.cvss",
      "size(f.aliases) == size(f.scanners)",
      "f.aliases.exists(a, a.matches('^GHSA-'))",
      "f.aliases.exists(a, a.startsWith(f.id))",
      "f.aliases.exists_one(a, a.startsWith('GHSA-'))",
      "f.aliases.filter(a, a.startsWith('GHSA-')).size() > 0",
      "size(f.id) > 3");

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
    // a field that is always there
    assertThat(onlyConjunct(compiler, "has(f.aliases)").shortcut().test(findings().get(0))).isTrue();
    PolicyCompiler celOnly = new PolicyCompiler(EvaluationLimits.DEFAULT, 16, ConjunctEvaluation.CEL_ONLY);
    assertThat(onlyConjunct(celOnly, SHORTCUT_SELECTORS.get(0)).shortcut()).isNull();
  }

  @Test
  void shortcutGivesCelsResultAndStepsForEveryFindingAndLeavesCelsErrorsToCel() throws Exception {
    PolicyCompiler compiler = new PolicyCompiler();
    for (String selector : SHORTCUT_SELECTORS) {
      CompiledExpression.Conjunct conjunct = onlyConjunct(compiler, selector);
      Set<Boolean> answers = new HashSet<>();
      for (FindingFacts finding : findings()) {
        CostMeter meter = new CostMeter(Long.MAX_VALUE);
        Map<String, Object> f = InputValues.finding(finding);
        Object cel;
        try {
          cel = conjunct.evaluate(name -> "f".equals(name) ? Optional.of(f) : Optional.empty(), meter);
        } catch (CelEvaluationException e) {
          cel = e;
        }
        Boolean answer = conjunct.shortcut().test(finding);
        if (answer == null) {
          // left to CEL: only where CEL fails (no score, a version that does not parse)
          assertThat(cel).as(selector + " on " + finding).isInstanceOf(CelEvaluationException.class);
          continue;
        }
        answers.add(answer);
        assertThat(answer).as(selector + " on " + finding).isEqualTo(cel);
        assertThat(conjunct.shortcut().steps(finding)).as(selector + " on " + finding)
            .isEqualTo(meter.steps());
      }
      assertThat(answers).as("the findings make %s both true and false", selector)
          .containsExactlyInAnyOrder(true, false);
    }
  }

  @Test
  void listsLongerThanTheIterationLimitAreLeftToCel() throws Exception {
    PolicyCompiler compiler = new PolicyCompiler(new EvaluationLimits(2_000_000, 3), 16);
    CompiledExpression.Conjunct conjunct = onlyConjunct(compiler, "f.aliases.exists(a, a == 'x')");
    FindingFacts two = findings().get(0);
    FindingFacts three = new FindingFacts("CVE-1", List.of("a", "b", "x"), Severity.LOW, null, false,
        List.of(), two.pkg(), List.of("grype"), false, null);

    assertThat(conjunct.shortcut().test(withAliases(two, List.of("a", "x")))).isTrue();
    assertThat(conjunct.shortcut().test(three)).isNull();
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
    assertThat(actual.results()).extracting(RuleResult::outcome)
        .contains(Outcome.FAIL, Outcome.PASS, Outcome.ERROR);
    assertThat(actual.result("score-unguarded").message()).contains("selector failed on finding");
  }

  @Test
  void costLimitStopsTheSameRulesWithTheSameMessageWithAndWithoutShortcuts() throws Exception {
    PolicyVersion version = policy();
    CompiledPolicy fast = new PolicyCompiler().compile(version);
    CompiledPolicy slow = new PolicyCompiler(EvaluationLimits.DEFAULT, 64, ConjunctEvaluation.CEL_ONLY)
        .compile(version);
    PolicyInput input = Inputs.image().findings(findings()).build();
    Set<Outcome> seen = new HashSet<>();
    Set<String> errorsNamingAFinding = new HashSet<>();
    // every limit up to where each rule completes: a rule's outcome changes exactly at the step
    // count where it reaches the limit, so equal outcomes at every limit mean equal counts at
    // every finding, and an error on the same finding
    for (long limit = 1; limit <= 200; limit++) {
      EvaluationLimits limits = new EvaluationLimits(limit, 1_000_000);
      List<RuleResult> expected = evaluator.evaluate(
          new CompiledPolicy(version, slow.rules(), limits), input, List.of()).results();
      List<RuleResult> actual = evaluator.evaluate(
          new CompiledPolicy(version, fast.rules(), limits), input, List.of()).results();
      assertThat(actual).as("limit " + limit).isEqualTo(expected);
      actual.forEach(r -> seen.add(r.outcome()));
      actual.stream().filter(r -> r.message().contains("selector failed on finding"))
          .forEach(r -> errorsNamingAFinding.add(r.ruleId()));
    }
    assertThat(seen).contains(Outcome.ERROR, Outcome.FAIL, Outcome.PASS);
    assertThat(errorsNamingAFinding).contains("score-unguarded");
    // and the largest limit lets every rule complete
    List<RuleResult> complete = evaluator.evaluate(
        new CompiledPolicy(version, fast.rules(), new EvaluationLimits(200, 1_000_000)), input,
        List.of()).results();
    assertThat(complete).noneMatch(r -> r.message().contains("cost limit"));
  }

  /** Selector rules mixing shortcut and CEL conjuncts, over every shape. */
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
    rules.add(selectorRule("score", "has(f.cvss) && f.cvss >= 9.0"));
    rules.add(selectorRule("score-unguarded", "f.fixAvailable && f.cvss >= 9.0"));
    rules.add(selectorRule("ghsa-critical",
        "f.severity == 'CRITICAL' && f.aliases.exists(a, a.startsWith('GHSA-'))"));
    rules.add(selectorRule("trivy-fixable",
        "size(f.fixedVersions) > 0 && f.scanners.exists(s, s == 'trivy') && 'grype' in f.scanners"));
    rules.add(selectorRule("all-ghsa", "f.aliases.all(a, a.startsWith('GHSA-')) && f.cvss < 4"));
    rules.add(selectorRule("mixed",
        "f.aliases.exists(a, a.matches('^CVE-')) && f.cvss > 2 && size(f.aliases) == size(f.scanners)"));
    rules.add(selectorRule("spring-range",
        "version_in(f.pkg.version, '[5.3.0,5.3.18)') && purl_matches(f.pkg.purl, 'pkg:maven/org.springframework/*')"));
    return new PolicyVersion("shortcuts", 1, rules);
  }

  private static Rule selectorRule(String id, String selector) {
    return new Rule(id, "", Action.DENY, null, "{{count}}: {{ids}}", selector);
  }

  /**
   * Findings over a few packages, each package several times, ids repeating; some without a
   * score, some with a version that does not parse; no aliases, one, or several with the
   * matching one first, in the middle or last; no scanner, one, or several.
   */
  private static List<FindingFacts> findings() {
    List<PackageFacts> packages = List.of(
        new PackageFacts("log4j-core", "2.14.1", "maven", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        new PackageFacts("log4j-api", "2.17.2", "maven", "pkg:maven/org.apache.logging.log4j/log4j-api@2.17.2"),
        new PackageFacts("openssl", "3.0.11-1~deb12u2", "deb", "PKG:DEB/debian/openssl@3.0.11-1~deb12u2?arch=amd64"),
        new PackageFacts("spring-beans", "5.3.17", "maven", "pkg:maven/org.springframework/spring-beans@5.3.17"),
        new PackageFacts("lodash", "4.17.20", "npm", "pkg:npm/lodash@4.17.20"),
        new PackageFacts("core", "17.0.0", "npm", "pkg:npm/%40angular/core@17.0.0"),
        new PackageFacts("odd", "", "", ""));
    List<List<String>> aliases = List.of(List.of(), List.of("GHSA-jfh8-c2jp-5v3q"),
        List.of("CVE-2021-45046", "GHSA-7rjr-3q55-vv33"), List.of("CVE-2021-45046"),
        List.of("OSV-1", "GHSA-aaaa-bbbb-cccc", "CVE-2021-4104"));
    List<List<String>> scanners = List.of(List.of("grype"), List.of("grype", "trivy"), List.of(),
        List.of("trivy", "osv", "grype"), List.of("trivy"));
    Severity[] severities = Severity.values();
    Double[] scores = {null, 9.8, 5.0, 3.9, 7.0, 4.0, 9.0};
    List<FindingFacts> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Severity severity = severities[i % severities.length];
      boolean fix = i % 3 != 0;
      String id = i == 0 ? "CVE-2021-44228" : "CVE-" + (i % 11);
      out.add(new FindingFacts(id, aliases.get(i % aliases.size()), severity, scores[i % scores.length],
          fix, fix ? List.of("9.9") : List.of(), packages.get(i % packages.size()),
          scanners.get(i % scanners.size()), false, null));
    }
    out.add(out.get(5).waivedBy("W-0"));
    return out;
  }

  private static FindingFacts withAliases(FindingFacts f, List<String> aliases) {
    return new FindingFacts(f.id(), aliases, f.severity(), f.cvss(), f.fixAvailable(), f.fixedVersions(),
        f.pkg(), f.scanners(), f.waived(), f.waiverId());
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
