package dev.scangate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scangate.policy.PolicyCompileException.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {

  private final PolicyCompiler compiler = new PolicyCompiler();

  private static PolicyVersion policy(Rule... rules) {
    return new PolicyVersion("test", 1, List.of(rules));
  }

  private List<Problem> problems(Rule... rules) {
    PolicyCompileException e = catchThrowableOfType(PolicyCompileException.class,
        () -> compiler.compile(policy(rules)));
    assertThat(e).as("compile error expected").isNotNull();
    return e.problems();
  }

  @Test
  void reportsSyntaxErrorWithLineAndColumn() {
    List<Problem> problems = problems(new Rule("broken", "", Action.DENY,
        "scan.present &&\n  image.user == ", "m"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.ruleId()).isEqualTo("broken");
      assertThat(p.part()).isEqualTo("expression");
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.column()).as("just after the trailing space").isEqualTo(17);
      assertThat(p.message()).contains("mismatched input '<EOF>'");
    });
  }

  @Test
  void rejectsUnknownVariable() {
    List<Problem> problems = problems(new Rule("typo", "", Action.DENY, "imag.user == 'root'", "m"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.column()).isEqualTo(1);
      assertThat(p.message()).contains("undeclared reference to 'imag'");
    });
  }

  @Test
  void rejectsUnknownFieldOfInputObject() {
    List<Problem> problems = problems(new Rule("typo", "", Action.DENY, "image.usr == 'root'", "m"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.column()).isEqualTo(6);
      assertThat(p.message()).isEqualTo("undefined field 'usr'");
    });
  }

  @Test
  void rejectsUnknownFindingFieldInsideComprehension() {
    List<Problem> problems = problems(new Rule("typo", "", Action.DENY,
        "findings.exists(f, f.sevrity == 'HIGH')", "m"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.column()).isEqualTo(21);
      assertThat(p.message()).isEqualTo("undefined field 'sevrity'");
    });
  }

  @Test
  void rejectsExpressionThatIsNotBool() {
    List<Problem> problems = problems(new Rule("count", "", Action.DENY, "size(findings)", "m"));

    assertThat(problems).singleElement().satisfies(p ->
        assertThat(p.message()).contains("expected type 'bool' but found 'int'"));
  }

  @Test
  void reportsSelectorProblemsAsSelectorPart() {
    List<Problem> problems = problems(new Rule("sel", "", Action.DENY, null, "m",
        "f.severity == 'HIGH' && f.fixAvaliable"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.part()).isEqualTo("selector");
      assertThat(p.column()).isEqualTo(26);
      assertThat(p.message()).isEqualTo("undefined field 'fixAvaliable'");
    });
  }

  @Test
  void rejectsSelectorVariableOutsideSelector() {
    List<Problem> problems = problems(new Rule("plain", "", Action.DENY, "f.fixAvailable", "m"));

    assertThat(problems).singleElement().satisfies(p ->
        assertThat(p.message()).contains("undeclared reference to 'f'"));
  }

  @Test
  void reportsMessagePlaceholderErrorsAtTheirPositionInTheTemplate() {
    List<Problem> problems = problems(new Rule("msg", "", Action.DENY, "!scan.present",
        "image {{image.repository}} of\n{{ image.regsitry }} not scanned"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.part()).isEqualTo("message");
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.column()).as("CEL points at the dot").isEqualTo(9);
      assertThat(p.message()).isEqualTo("undefined field 'regsitry'");
    });
  }

  @Test
  void rejectsUnclosedPlaceholder() {
    List<Problem> problems = problems(new Rule("msg", "", Action.DENY, "!scan.present",
        "never scanned: {{image.repository"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.column()).isEqualTo(16);
      assertThat(p.message()).contains("not closed");
    });
  }

  @Test
  void rejectsBadLiteralArgumentsOfScangateFunctions() {
    List<Problem> problems = problems(
        new Rule("sev", "", Action.DENY, null, "m", "severity_at_least(f.severity, 'HIHG')"),
        new Rule("purl", "", Action.DENY, null, "m", "purl_matches(f.pkg.purl, 'maven/log4j/*')"),
        new Rule("range", "", Action.DENY, null, "m", "version_in(f.pkg.version, '[2.0,2.17.1')"));

    assertThat(problems).extracting(Problem::ruleId).containsExactly("sev", "purl", "range");
    assertThat(problems.get(0).column()).isEqualTo(31);
    assertThat(problems.get(0).message()).contains("unknown severity \"HIHG\"");
    assertThat(problems.get(1).message()).contains("starts with pkg:");
    assertThat(problems.get(2).message()).contains("not closed");
  }

  @Test
  void listsProblemsOfEveryRuleInOneException() {
    assertThatThrownBy(() -> compiler.compile(policy(
        new Rule("ok", "", Action.DENY, "!scan.present", "m"),
        new Rule("first", "", Action.DENY, "image.x", "m"),
        new Rule("second", "", Action.WARN, "1 +", "m"))))
        .isInstanceOf(PolicyCompileException.class)
        .hasMessageContaining("policy test version 1 does not compile:")
        .hasMessageContaining("rule first, expression 1:6: undefined field 'x'")
        .hasMessageContaining("rule second, expression 1:");
  }

  @Test
  void acceptsIntLiteralComparedWithDoubleScore() throws Exception {
    compiler.compile(policy(new Rule("cvss", "", Action.DENY, null, "m", "has(f.cvss) && f.cvss >= 9")));
  }

  @Test
  void reusesCachedProgramsWhenRecompiling() throws Exception {
    PolicyVersion v1 = DefaultPolicy.load();
    compiler.compile(v1);
    int cached = compiler.cachedPrograms();

    compiler.compile(new PolicyVersion("default", 2, v1.rules()));

    assertThat(cached).isGreaterThan(v1.rules().size());
    assertThat(compiler.cachedPrograms()).isEqualTo(cached);
  }

  @Test
  void splitsSelectorsIntoConjunctsWithTheFindingPathsEachReads() throws Exception {
    CompiledPolicy compiled = compiler.compile(policy(
        new Rule("a", "", Action.DENY, null, "m",
            "severity_at_least(f.severity, 'HIGH') && (f.pkg.purl != '' || f.pkg.type == 'npm') && has(f.cvss)"),
        new Rule("b", "", Action.DENY, null, "m", "f.fixAvailable && f in findings")));

    assertThat(compiled.rules().get(0).selector.conjuncts)
        .extracting(CompiledExpression.Conjunct::paths)
        .containsExactly(List.of(List.of("severity")),
            List.of(List.of("pkg", "purl"), List.of("pkg", "type")),
            List.of(List.of("cvss")));
    assertThat(compiled.rules().get(1).selector.conjuncts.get(0).paths()).containsExactly(List.of("fixAvailable"));
    assertThat(compiled.rules().get(1).selector.conjuncts.get(1).paths()).isNull();
  }
}
