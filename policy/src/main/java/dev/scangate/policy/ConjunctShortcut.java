package dev.scangate.policy;

import dev.cel.common.Operator;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.Severity;
import dev.scangate.policy.match.Glob;
import dev.scangate.policy.match.PurlPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A selector conjunct of a common shape, run as plain Java instead of through CEL's
 * interpreter: {@code purl_matches(f.pkg.purl, '…')}, {@code glob_matches(f.pkg.name, '…')},
 * {@code f.pkg.type == '…'}, {@code f.id != '…'} and {@code f.id in ['…', '…']} over the
 * string fields of a finding, {@code severity_at_least(f.severity, '…')} with literal
 * arguments, and {@code f.fixAvailable}, {@code !f.waived}. Interpreting such a conjunct costs far
 * more than the test itself, and a selector runs it once per distinct package or id.
 *
 * <p>A shortcut gives the same result as the CEL program (the functions are the ones the CEL
 * bindings call, the pattern is parsed once) and charges the cost meter the same number of
 * steps CEL's listener counts for the conjunct. Both are checked when the selector is compiled,
 * by running the CEL program on sample findings; a conjunct whose check fails keeps running
 * through CEL.
 *
 * @param test the conjunct's value for one finding; never throws
 * @param steps the evaluation steps CEL takes for the conjunct, whatever the finding
 */
record ConjunctShortcut(Predicate<FindingFacts> test, long steps) {

  /**
   * The string fields of {@code f} as {@link InputValues#finding} sets them, by path. A
   * shortcut reads the field from the record instead of the map.
   */
  private static final Map<List<String>, Function<FindingFacts, String>> STRING_FIELDS = Map.of(
      List.of("id"), FindingFacts::id,
      List.of("severity"), f -> f.severity().name(),
      List.of("waiverId"), f -> f.waiverId() == null ? "" : f.waiverId(),
      List.of("pkg", "name"), f -> f.pkg().name(),
      List.of("pkg", "version"), f -> f.pkg().version(),
      List.of("pkg", "type"), f -> f.pkg().type(),
      List.of("pkg", "purl"), f -> f.pkg().purl());

  /** Findings that differ in every string field, to check results and step counts against CEL. */
  private static final List<FindingFacts> SAMPLES = List.of(
      new FindingFacts("CVE-2021-44228", List.of(), Severity.CRITICAL, 10.0, true, List.of("2.15.0"),
          new PackageFacts("log4j-core", "2.14.1", "maven",
              "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), List.of("grype"), false, null),
      new FindingFacts("GHSA-0000-0000-0000", List.of(), Severity.LOW, null, false, List.of(),
          new PackageFacts("openssl", "3.0.11-1~deb12u2", "deb",
              "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64"), List.of("trivy"), true, "W-1"));

  /**
   * The shortcut for a conjunct of a recognised shape whose results and step counts agree with
   * its CEL program on the samples, or empty.
   */
  static Optional<ConjunctShortcut> of(CelExpr conjunct, CelRuntime.Program program) {
    Optional<Predicate<FindingFacts>> test = recognise(conjunct);
    if (test.isEmpty()) {
      return Optional.empty();
    }
    long steps = -1;
    for (FindingFacts sample : SAMPLES) {
      CostMeter meter = new CostMeter(Long.MAX_VALUE);
      Map<String, Object> f = InputValues.finding(sample);
      Object result;
      try {
        result = program.trace(name -> "f".equals(name) ? Optional.of(f) : Optional.empty(), meter);
      } catch (CelEvaluationException | RuntimeException e) {
        return Optional.empty();
      }
      if (!Boolean.valueOf(test.get().test(sample)).equals(result)
          || (steps >= 0 && steps != meter.steps())) {
        return Optional.empty();
      }
      steps = meter.steps();
    }
    return Optional.of(new ConjunctShortcut(test.get(), steps));
  }

  private static Optional<Predicate<FindingFacts>> recognise(CelExpr expr) {
    Predicate<FindingFacts> flag = boolField(expr);
    if (flag != null) {
      return Optional.of(flag);
    }
    if (expr.exprKind().getKind() == CelExpr.ExprKind.Kind.CALL
        && expr.call().function().equals(Operator.LOGICAL_NOT.getFunction())
        && expr.call().args().size() == 1 && boolField(expr.call().args().get(0)) != null) {
      return Optional.of(boolField(expr.call().args().get(0)).negate());
    }
    if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.CALL || expr.call().target().isPresent()
        || expr.call().args().size() != 2) {
      return Optional.empty();
    }
    String function = expr.call().function();
    CelExpr left = expr.call().args().get(0);
    CelExpr right = expr.call().args().get(1);
    Function<FindingFacts, String> field = stringField(left);
    if (field == null) {
      // 'literal' == f.x
      if (function.equals(Operator.EQUALS.getFunction()) && literal(left) != null) {
        field = stringField(right);
        String value = literal(left);
        return field == null ? Optional.empty() : Optional.of(equalTo(field, value));
      }
      return Optional.empty();
    }
    if (function.equals(Operator.IN.getFunction())) {
      Set<String> values = literals(right);
      Function<FindingFacts, String> in = field;
      return values == null ? Optional.empty() : Optional.of(f -> values.contains(in.apply(f)));
    }
    String value = literal(right);
    if (value == null) {
      return Optional.empty();
    }
    Function<FindingFacts, String> of = field;
    if (function.equals(Operator.EQUALS.getFunction())) {
      return Optional.of(equalTo(field, value));
    }
    if (function.equals(Operator.NOT_EQUALS.getFunction())) {
      return Optional.of(f -> !of.apply(f).equals(value));
    }
    try {
      if (function.equals("severity_at_least") && isSeverity(left)) {
        Severity threshold = Severity.parse(value);
        return Optional.of(f -> f.severity().atLeast(threshold));
      }
      if (function.equals("purl_matches")) {
        PurlPattern pattern = PurlPattern.parse(value);
        return Optional.of(f -> pattern.matches(of.apply(f)));
      }
      if (function.equals("glob_matches")) {
        Glob glob = Glob.parse(value);
        return Optional.of(f -> glob.matches(of.apply(f)));
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not reached: literals are checked when the rule compiles
    }
    return Optional.empty();
  }

  private static Predicate<FindingFacts> equalTo(Function<FindingFacts, String> field, String value) {
    return f -> field.apply(f).equals(value);
  }

  /** The accessor of a string field {@code f.a} or {@code f.a.b}, or null. */
  private static Function<FindingFacts, String> stringField(CelExpr expr) {
    List<String> path = path(expr);
    return path == null ? null : STRING_FIELDS.get(path);
  }

  /** The test of a bool field, {@code f.fixAvailable} or {@code f.waived}, or null. */
  private static Predicate<FindingFacts> boolField(CelExpr expr) {
    List<String> path = path(expr);
    if (List.of("fixAvailable").equals(path)) {
      return FindingFacts::fixAvailable;
    }
    return List.of("waived").equals(path) ? FindingFacts::waived : null;
  }

  private static boolean isSeverity(CelExpr expr) {
    return List.of("severity").equals(path(expr));
  }

  /** The path of a field selection {@code f.a.b}, or null for anything else. */
  private static List<String> path(CelExpr expr) {
    List<String> path = new ArrayList<>();
    CelExpr current = expr;
    while (current.exprKind().getKind() == CelExpr.ExprKind.Kind.SELECT) {
      if (current.select().testOnly()) {
        return null;
      }
      path.add(0, current.select().field());
      current = current.select().operand();
    }
    if (current.exprKind().getKind() != CelExpr.ExprKind.Kind.IDENT
        || !current.ident().name().equals("f") || path.isEmpty()) {
      return null;
    }
    return path;
  }

  /** The value of a string constant, or null. */
  private static String literal(CelExpr expr) {
    return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? expr.constant().stringValue() : null;
  }

  /** The values of a list of string constants, or null. */
  private static Set<String> literals(CelExpr expr) {
    if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.LIST
        || !expr.list().optionalIndices().isEmpty()) {
      return null;
    }
    Set<String> values = new HashSet<>();
    for (CelExpr element : expr.list().elements()) {
      String value = literal(element);
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return Set.copyOf(values);
  }
}
