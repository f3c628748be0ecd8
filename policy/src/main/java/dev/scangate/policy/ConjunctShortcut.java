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
import dev.scangate.policy.match.LooseVersion;
import dev.scangate.policy.match.PurlPattern;
import dev.scangate.policy.match.VersionRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A selector conjunct of a common shape, run as plain Java instead of through CEL's
 * interpreter. Interpreting a conjunct costs far more than the test itself (a few hundred
 * nanoseconds to several microseconds against a few), and a selector runs it for every finding
 * whose values it has not seen yet: with every finding in its own package, for nearly all of
 * them. The shapes:
 * <ul>
 *   <li>string fields of {@code f} ({@code id}, {@code severity}, {@code waiverId},
 *       {@code pkg.name}, {@code pkg.version}, {@code pkg.type}, {@code pkg.purl}) against
 *       literals: {@code f.pkg.type == 'npm'}, {@code 'CRITICAL' == f.severity},
 *       {@code f.id != '…'}, {@code f.id in ['…', '…']},
 *       {@code purl_matches(f.pkg.purl, '…')}, {@code glob_matches(f.pkg.name, '…')},
 *       {@code version_lt(f.pkg.version, '…')}, {@code version_in(f.pkg.version, '…')},
 *       {@code severity_at_least(f.severity, '…')};</li>
 *   <li>{@code f.fixAvailable}, {@code f.waived}, {@code has(f.cvss)} (any {@code has(f.x)});</li>
 *   <li>{@code f.cvss} against a number: {@code f.cvss >= 9.0}, {@code f.cvss > 7},
 *       {@code 4.0 <= f.cvss} (any of {@code < <= > >= == !=});</li>
 *   <li>the list fields ({@code aliases}, {@code fixedVersions}, {@code scanners}):
 *       {@code size(f.scanners) == 1}, {@code f.fixedVersions.size() > 0},
 *       {@code 'trivy' in f.scanners}, and {@code exists} / {@code all} with a test of the
 *       element against a literal: {@code f.aliases.exists(a, a.startsWith('GHSA-'))}
 *       ({@code ==}, {@code !=}, {@code startsWith}, {@code endsWith}, {@code contains});</li>
 *   <li>{@code !} of any of these.</li>
 * </ul>
 *
 * <p>A shortcut gives the same result as the CEL program (the functions are the ones the CEL
 * bindings call, patterns and ranges parsed once) and charges the cost meter the number of
 * steps CEL's listener counts for the conjunct. Where CEL would fail, or could take another
 * path, the shortcut does not answer and the evaluator runs the CEL program for that finding:
 * {@code f.cvss >= 9.0} on a finding without a score (CEL's "no such key" error),
 * {@code version_lt} on a version that does not parse, a list longer than the iteration
 * limit.
 *
 * <p>The steps are counted as {@code base + perIteration × iterations + stop}, where
 * iterations are the list elements an {@code exists} or {@code all} looks at and {@code stop}
 * is paid once when it stops before the end of the list (CEL checks the loop condition once
 * more). The three numbers are measured on the CEL program when the selector is compiled, and
 * the shortcut is then checked against the program on sample findings built from the
 * conjunct's literals (every answer and every step count must agree). A conjunct whose check
 * fails keeps running through CEL.
 */
final class ConjunctShortcut {

  /** The Java form of a recognised conjunct. */
  interface Shape {

    /**
     * The conjunct's value for the finding, or null when CEL must evaluate it. Either depends
     * only on the fields the conjunct reads, so findings equal on those are answered alike.
     */
    Boolean test(FindingFacts f);

    /** Whether the conjunct loops over a list ({@code exists}, {@code all}). */
    default boolean loops() {
      return false;
    }

    /**
     * The list elements CEL's loop looks at for this finding, for a finding {@link #test}
     * answered; fewer than {@link #length} when the loop stops early.
     */
    default int iterations(FindingFacts f) {
      return 0;
    }

    /** The length of the list the loop runs over. */
    default int length(FindingFacts f) {
      return 0;
    }
  }

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

  /** The list fields of {@code f}, by name. */
  private static final Map<String, Function<FindingFacts, List<String>>> LIST_FIELDS = Map.of(
      "aliases", FindingFacts::aliases,
      "fixedVersions", FindingFacts::fixedVersions,
      "scanners", FindingFacts::scanners);

  /** Findings that differ in every field; the samples vary them. */
  private static final List<FindingFacts> BASES = List.of(
      new FindingFacts("CVE-2021-44228", List.of(), Severity.CRITICAL, 10.0, true, List.of("2.15.0"),
          new PackageFacts("log4j-core", "2.14.1", "maven",
              "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), List.of("grype"), false, null),
      new FindingFacts("GHSA-0000-0000-0000", List.of("CVE-2023-0001"), Severity.LOW, null, false,
          List.of(), new PackageFacts("openssl", "3.0.11-1~deb12u2", "deb",
              "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64"), List.of("trivy", "grype"),
          true, "W-1"));

  private final Shape shape;
  private final boolean loops;
  private final long base;
  private final long perIteration;
  private final long stop;

  private ConjunctShortcut(Shape shape, long base, long perIteration, long stop) {
    this.shape = shape;
    this.loops = shape.loops();
    this.base = base;
    this.perIteration = perIteration;
    this.stop = stop;
  }

  /** The conjunct's value for the finding, or null when CEL must evaluate it; never throws. */
  Boolean test(FindingFacts f) {
    return shape.test(f);
  }

  /** The steps CEL takes for the conjunct on a finding {@link #test} answered. */
  long steps(FindingFacts f) {
    if (!loops) {
      return base;
    }
    int iterations = shape.iterations(f);
    return base + perIteration * iterations + (iterations < shape.length(f) ? stop : 0);
  }

  /**
   * The shortcut for a conjunct of a recognised shape whose results and step counts agree with
   * its CEL program on the samples, or empty.
   *
   * @param maxIterations the comprehension iteration limit: longer lists are left to CEL
   */
  static Optional<ConjunctShortcut> of(CelExpr conjunct, CelRuntime.Program program,
      int maxIterations) {
    Shape shape = recognise(conjunct, maxIterations);
    if (shape == null) {
      return Optional.empty();
    }
    // the CEL program's answers and steps on the samples; an error is an answer too
    List<FindingFacts> samples = new ArrayList<>();
    List<Object> results = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    for (FindingFacts sample : samples(conjunct)) {
      CostMeter meter = new CostMeter(Long.MAX_VALUE);
      Map<String, Object> f = InputValues.finding(sample);
      Object result;
      try {
        result = program.trace(name -> "f".equals(name) ? Optional.of(f) : Optional.empty(), meter);
      } catch (CelEvaluationException e) {
        result = e;
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      if (shape.test(sample) != null) {
        samples.add(sample);
        results.add(result);
        steps.add(meter.steps());
      }
    }
    // the step model, each part measured on the first sample that shows it
    long base = -1;
    for (int k = 0; k < samples.size() && base < 0; k++) {
      if (shape.iterations(samples.get(k)) == 0 && shape.length(samples.get(k)) == 0) {
        base = steps.get(k);
      }
    }
    long perIteration = 0;
    long stop = 0;
    if (shape.loops()) {
      perIteration = -1;
      stop = -1;
      for (int k = 0; k < samples.size() && perIteration < 0 && base >= 0; k++) {
        int iterations = shape.iterations(samples.get(k));
        if (iterations > 0 && iterations == shape.length(samples.get(k))) {
          perIteration = (steps.get(k) - base) / iterations;
        }
      }
      for (int k = 0; k < samples.size() && stop < 0 && perIteration >= 0; k++) {
        int iterations = shape.iterations(samples.get(k));
        if (iterations < shape.length(samples.get(k))) {
          stop = steps.get(k) - base - perIteration * iterations;
        }
      }
    }
    if (base < 0 || perIteration < 0 || stop < 0) {
      return Optional.empty(); // the samples do not show every part of the step model
    }
    ConjunctShortcut shortcut = new ConjunctShortcut(shape, base, perIteration, stop);
    for (int k = 0; k < samples.size(); k++) {
      if (!shortcut.test(samples.get(k)).equals(results.get(k))
          || shortcut.steps(samples.get(k)) != steps.get(k)) {
        return Optional.empty();
      }
    }
    return Optional.of(shortcut);
  }

  // ---- recognising shapes ----

  private static Shape recognise(CelExpr expr, int maxIterations) {
    Predicate<FindingFacts> flag = boolField(expr);
    if (flag != null) {
      return f -> flag.test(f);
    }
    if (isSelect(expr) && expr.select().testOnly()) {
      return presence(expr);
    }
    if (expr.exprKind().getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
      return comprehension(expr, maxIterations);
    }
    if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.CALL) {
      return null;
    }
    CelExpr.CelCall call = expr.call();
    if (call.function().equals(Operator.LOGICAL_NOT.getFunction()) && call.args().size() == 1) {
      return negation(recognise(call.args().get(0), maxIterations));
    }
    if (call.target().isPresent() || call.args().size() != 2) {
      return null;
    }
    String function = call.function();
    CelExpr left = call.args().get(0);
    CelExpr right = call.args().get(1);
    Shape shape = stringTest(function, left, right);
    if (shape == null) {
      shape = numberTest(function, left, right);
    }
    if (shape == null) {
      shape = listTest(function, left, right);
    }
    return shape;
  }

  private static Shape negation(Shape inner) {
    if (inner == null) {
      return null;
    }
    return new Shape() {
      @Override
      public Boolean test(FindingFacts f) {
        Boolean b = inner.test(f);
        return b == null ? null : !b;
      }

      @Override
      public boolean loops() {
        return inner.loops();
      }

      @Override
      public int iterations(FindingFacts f) {
        return inner.iterations(f);
      }

      @Override
      public int length(FindingFacts f) {
        return inner.length(f);
      }
    };
  }

  /** {@code has(f.x)}: only {@code cvss} can be absent; every other field is always there. */
  private static Shape presence(CelExpr expr) {
    CelExpr operand = expr.select().operand();
    if (operand.exprKind().getKind() != CelExpr.ExprKind.Kind.IDENT
        || !operand.ident().name().equals("f")) {
      return null;
    }
    String field = expr.select().field();
    if (field.equals("cvss")) {
      return f -> f.cvss() != null;
    }
    return PolicyTypes.FINDING.findField(field).isPresent() ? f -> Boolean.TRUE : null;
  }

  /** A string field against a literal, {@code 'literal' == f.x}, or one of scangate's functions. */
  private static Shape stringTest(String function, CelExpr left, CelExpr right) {
    Function<FindingFacts, String> field = stringField(left);
    if (field == null) {
      // 'literal' == f.x, 'literal' != f.x
      String value = literal(left);
      field = stringField(right);
      if (value == null || field == null) {
        return null;
      }
      return equality(function, field, value);
    }
    Function<FindingFacts, String> of = field;
    if (function.equals(Operator.IN.getFunction())) {
      Set<String> values = literals(right);
      return values == null ? null : f -> values.contains(of.apply(f));
    }
    String value = literal(right);
    if (value == null) {
      return null;
    }
    Shape equality = equality(function, field, value);
    if (equality != null) {
      return equality;
    }
    try {
      switch (function) {
        case "severity_at_least": {
          if (!List.of("severity").equals(path(left))) {
            return null;
          }
          Severity threshold = Severity.parse(value);
          return f -> f.severity().atLeast(threshold);
        }
        case "purl_matches": {
          PurlPattern pattern = PurlPattern.parse(value);
          return f -> pattern.matches(of.apply(f));
        }
        case "glob_matches": {
          Glob glob = Glob.parse(value);
          return f -> glob.matches(of.apply(f));
        }
        case "version_lt": {
          LooseVersion bound = LooseVersion.parse(value);
          // CEL parses the field's version first; one that does not parse is CEL's error
          return f -> {
            LooseVersion version = version(of.apply(f));
            return version == null ? null : version.compareTo(bound) < 0;
          };
        }
        case "version_in": {
          VersionRange range = VersionRange.parse(value);
          return f -> {
            LooseVersion version = version(of.apply(f));
            return version == null ? null : range.contains(version);
          };
        }
        default:
          return null;
      }
    } catch (IllegalArgumentException e) {
      return null; // not reached: literals are checked when the rule compiles
    }
  }

  private static Shape equality(String function, Function<FindingFacts, String> field,
      String value) {
    if (function.equals(Operator.EQUALS.getFunction())) {
      return f -> field.apply(f).equals(value);
    }
    if (function.equals(Operator.NOT_EQUALS.getFunction())) {
      return f -> !field.apply(f).equals(value);
    }
    return null;
  }

  private static LooseVersion version(String text) {
    try {
      return LooseVersion.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The comparison operators, as {@code f.cvss OP literal}. */
  private enum Comparison {
    LESS, LESS_EQUALS, GREATER, GREATER_EQUALS, EQUALS, NOT_EQUALS;

    static Comparison of(String function) {
      for (Operator op : List.of(Operator.LESS, Operator.LESS_EQUALS, Operator.GREATER,
          Operator.GREATER_EQUALS, Operator.EQUALS, Operator.NOT_EQUALS)) {
        if (op.getFunction().equals(function)) {
          return valueOf(op.name());
        }
      }
      return null;
    }

    /** The same comparison with its operands swapped: {@code 9 <= x} is {@code x >= 9}. */
    Comparison swapped() {
      switch (this) {
        case LESS:
          return GREATER;
        case LESS_EQUALS:
          return GREATER_EQUALS;
        case GREATER:
          return LESS;
        case GREATER_EQUALS:
          return LESS_EQUALS;
        default:
          return this;
      }
    }

    boolean test(double a, double b) {
      switch (this) {
        case LESS:
          return a < b;
        case LESS_EQUALS:
          return a <= b;
        case GREATER:
          return a > b;
        case GREATER_EQUALS:
          return a >= b;
        case EQUALS:
          return a == b;
        default:
          return a != b;
      }
    }
  }

  /**
   * {@code f.cvss} against an int or double literal; CEL compares them as numbers
   * ({@code enableHeterogeneousNumericComparisons}). A finding without a score is CEL's error.
   */
  private static Shape numberTest(String function, CelExpr left, CelExpr right) {
    Comparison comparison = Comparison.of(function);
    if (comparison == null) {
      return null;
    }
    Double value = number(right);
    CelExpr field = left;
    if (value == null) {
      value = number(left);
      field = right;
      comparison = comparison.swapped();
    }
    if (value == null || !List.of("cvss").equals(path(field))) {
      return null;
    }
    double bound = value;
    Comparison op = comparison;
    return f -> f.cvss() == null ? null : op.test(f.cvss(), bound);
  }

  /** {@code size(f.list) OP n}, {@code f.list.size() OP n} and {@code 'literal' in f.list}. */
  private static Shape listTest(String function, CelExpr left, CelExpr right) {
    if (function.equals(Operator.IN.getFunction())) {
      String value = literal(left);
      Function<FindingFacts, List<String>> list = listField(right);
      return value == null || list == null ? null : f -> list.apply(f).contains(value);
    }
    Comparison comparison = Comparison.of(function);
    if (comparison == null) {
      return null;
    }
    Long n = integer(right);
    CelExpr size = left;
    if (n == null) {
      n = integer(left);
      size = right;
      comparison = comparison.swapped();
    }
    if (n == null || size.exprKind().getKind() != CelExpr.ExprKind.Kind.CALL
        || !size.call().function().equals("size")) {
      return null;
    }
    CelExpr.CelCall call = size.call();
    CelExpr operand;
    if (call.target().isPresent() && call.args().isEmpty()) {
      operand = call.target().get();
    } else if (call.target().isEmpty() && call.args().size() == 1) {
      operand = call.args().get(0);
    } else {
      return null;
    }
    Function<FindingFacts, List<String>> list = listField(operand);
    if (list == null) {
      return null;
    }
    // sizes and literals are longs; every list size is exact as a double, and so is the
    // comparison of such a whole number with any long
    long bound = n;
    Comparison op = comparison;
    return f -> op.test(list.apply(f).size(), bound);
  }

  /**
   * {@code f.list.exists(x, TEST)} or {@code f.list.all(x, TEST)}, as the CEL parser expands
   * the macros: a loop over the list with a bool accumulator, {@code @result || TEST} until it
   * is true, or {@code @result && TEST} until it is false.
   */
  private static Shape comprehension(CelExpr expr, int maxIterations) {
    CelExpr.CelComprehension loop = expr.comprehension();
    Function<FindingFacts, List<String>> list = listField(loop.iterRange());
    if (list == null || !loop.iterVar2().isEmpty()
        || loop.accuInit().exprKind().getKind() != CelExpr.ExprKind.Kind.CONSTANT
        || loop.accuInit().constant().getKind() != CelConstant.Kind.BOOLEAN_VALUE
        || !isIdent(loop.result(), loop.accuVar())
        || loop.loopCondition().exprKind().getKind() != CelExpr.ExprKind.Kind.CALL
        || !loop.loopCondition().call().function()
            .equals(Operator.NOT_STRICTLY_FALSE.getFunction())
        || loop.loopStep().exprKind().getKind() != CelExpr.ExprKind.Kind.CALL) {
      return null;
    }
    boolean all = loop.accuInit().constant().booleanValue();
    CelExpr.CelCall step = loop.loopStep().call();
    String combine = all ? Operator.LOGICAL_AND.getFunction() : Operator.LOGICAL_OR.getFunction();
    if (!step.function().equals(combine) || step.args().size() != 2
        || !isIdent(step.args().get(0), loop.accuVar())) {
      return null;
    }
    Predicate<String> element = elementTest(step.args().get(1), loop.iterVar());
    if (element == null) {
      return null;
    }
    // exists stops at the first element that passes, all at the first that fails
    boolean decides = !all;
    return new Shape() {
      @Override
      public Boolean test(FindingFacts f) {
        List<String> values = list.apply(f);
        if (values.size() >= maxIterations) {
          return null; // CEL's iteration limit decides
        }
        for (int k = 0; k < values.size(); k++) {
          if (element.test(values.get(k)) == decides) {
            return decides;
          }
        }
        return !decides;
      }

      @Override
      public boolean loops() {
        return true;
      }

      @Override
      public int iterations(FindingFacts f) {
        List<String> values = list.apply(f);
        for (int k = 0; k < values.size(); k++) {
          if (element.test(values.get(k)) == decides) {
            return k + 1;
          }
        }
        return values.size();
      }

      @Override
      public int length(FindingFacts f) {
        return list.apply(f).size();
      }
    };
  }

  /** A test of the loop variable against a string literal, or null. */
  private static Predicate<String> elementTest(CelExpr expr, String variable) {
    if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.CALL) {
      return null;
    }
    CelExpr.CelCall call = expr.call();
    if (call.target().isPresent()) {
      if (!isIdent(call.target().get(), variable) || call.args().size() != 1) {
        return null;
      }
      String value = literal(call.args().get(0));
      if (value == null) {
        return null;
      }
      switch (call.function()) {
        case "startsWith":
          return s -> s.startsWith(value);
        case "endsWith":
          return s -> s.endsWith(value);
        case "contains":
          return s -> s.contains(value);
        default:
          return null;
      }
    }
    if (call.args().size() != 2) {
      return null;
    }
    String value = literal(call.args().get(1));
    CelExpr other = call.args().get(0);
    if (value == null) {
      value = literal(call.args().get(0));
      other = call.args().get(1);
    }
    if (value == null || !isIdent(other, variable)) {
      return null;
    }
    String literal = value;
    if (call.function().equals(Operator.EQUALS.getFunction())) {
      return s -> s.equals(literal);
    }
    if (call.function().equals(Operator.NOT_EQUALS.getFunction())) {
      return s -> !s.equals(literal);
    }
    return null;
  }

  // ---- reading the AST ----

  /** The accessor of a string field {@code f.a} or {@code f.a.b}, or null. */
  private static Function<FindingFacts, String> stringField(CelExpr expr) {
    List<String> path = path(expr);
    return path == null ? null : STRING_FIELDS.get(path);
  }

  /** The accessor of a list field {@code f.aliases}, {@code f.fixedVersions}, {@code f.scanners}. */
  private static Function<FindingFacts, List<String>> listField(CelExpr expr) {
    List<String> path = path(expr);
    return path == null || path.size() != 1 ? null : LIST_FIELDS.get(path.get(0));
  }

  /** The test of a bool field, {@code f.fixAvailable} or {@code f.waived}, or null. */
  private static Predicate<FindingFacts> boolField(CelExpr expr) {
    List<String> path = path(expr);
    if (List.of("fixAvailable").equals(path)) {
      return FindingFacts::fixAvailable;
    }
    return List.of("waived").equals(path) ? FindingFacts::waived : null;
  }

  /** The path of a field selection {@code f.a.b}, or null for anything else. */
  private static List<String> path(CelExpr expr) {
    List<String> path = new ArrayList<>();
    CelExpr current = expr;
    while (isSelect(current)) {
      if (current.select().testOnly()) {
        return null;
      }
      path.add(0, current.select().field());
      current = current.select().operand();
    }
    if (!isIdent(current, "f") || path.isEmpty()) {
      return null;
    }
    return path;
  }

  private static boolean isSelect(CelExpr expr) {
    return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.SELECT;
  }

  private static boolean isIdent(CelExpr expr, String name) {
    return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT
        && expr.ident().name().equals(name);
  }

  /** The value of a string constant, or null. */
  private static String literal(CelExpr expr) {
    return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? expr.constant().stringValue() : null;
  }

  /** The value of an int constant, or null. */
  private static Long integer(CelExpr expr) {
    return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && expr.constant().getKind() == CelConstant.Kind.INT64_VALUE
        ? expr.constant().int64Value() : null;
  }

  /** The value of an int or double constant, or null. */
  private static Double number(CelExpr expr) {
    if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
      return null;
    }
    CelConstant constant = expr.constant();
    if (constant.getKind() == CelConstant.Kind.DOUBLE_VALUE) {
      return constant.doubleValue();
    }
    // a long beyond 2^53 may round, but never across a score, which lies in [0, 10]
    return constant.getKind() == CelConstant.Kind.INT64_VALUE ? (double) constant.int64Value() : null;
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

  // ---- samples ----

  /**
   * Findings to check a shortcut against its CEL program: the bases, and each base with one
   * thing changed: its severity; its score (absent, the ends of the scale, every number in the
   * conjunct and the scores just beside it); its lists (all three set alike: empty, and up to
   * three elements drawn from the conjunct's first string literal and another value, in every
   * order, and every length up to an int literal of the conjunct when that is small); every
   * string field set to one of the conjunct's string literals or a variant of it.
   */
  static List<FindingFacts> samples(CelExpr conjunct) {
    Set<String> strings = new LinkedHashSet<>();
    Set<Double> numbers = new LinkedHashSet<>();
    collectLiterals(conjunct, strings, numbers);
    Set<Double> scores = new LinkedHashSet<>(List.of(0.0, -0.0, 5.0, 10.0));
    for (double n : numbers) {
      for (double s : new double[] {n, Math.nextDown(n), Math.nextUp(n), n - 0.5, n + 0.5}) {
        if (s >= 0 && s <= 10) {
          scores.add(s);
        }
      }
    }
    String first = strings.isEmpty() ? "x" : strings.iterator().next();
    List<List<String>> lists = new ArrayList<>();
    lists.add(List.of());
    addLists(lists, List.of(), List.of(first, "other"), 3);
    Set<String> texts = new LinkedHashSet<>();
    for (String s : strings) {
      texts.add(s);
      texts.add(s + "x");
      texts.add("x" + s);
      texts.add(s.toLowerCase(Locale.ROOT));
    }
    texts.add("");
    for (String t : texts) {
      lists.add(List.of(t));
    }
    for (double n : numbers) {
      if (n == Math.rint(n) && n >= 0 && n <= 64) {
        for (long size = Math.max(0, (long) n - 1); size <= n + 1; size++) {
          List<String> sized = new ArrayList<>();
          for (long k = 0; k < size; k++) {
            sized.add("other-" + k);
          }
          lists.add(List.copyOf(sized));
        }
      }
    }
    List<FindingFacts> out = new ArrayList<>();
    for (FindingFacts base : BASES) {
      out.add(base);
      for (Severity severity : Severity.values()) {
        out.add(with(base, base.id(), severity, base.cvss(), base.aliases(), base.pkg()));
      }
      for (Double score : scores) {
        out.add(with(base, base.id(), base.severity(), score, base.aliases(), base.pkg()));
      }
      out.add(with(base, base.id(), base.severity(), null, base.aliases(), base.pkg()));
      for (List<String> list : lists) {
        out.add(new FindingFacts(base.id(), list, base.severity(), base.cvss(), base.fixAvailable(),
            list, base.pkg(), list, base.waived(), base.waiverId()));
      }
      for (String t : texts) {
        out.add(with(base, t, base.severity(), base.cvss(), base.aliases(),
            new PackageFacts(t, t, t, t)));
      }
    }
    return out;
  }

  private static void addLists(List<List<String>> out, List<String> prefix, List<String> values,
      int maxLength) {
    if (prefix.size() == maxLength) {
      return;
    }
    for (String v : values) {
      List<String> next = new ArrayList<>(prefix);
      next.add(v);
      out.add(List.copyOf(next));
      addLists(out, next, values, maxLength);
    }
  }

  private static FindingFacts with(FindingFacts base, String id, Severity severity, Double cvss,
      List<String> aliases, PackageFacts pkg) {
    return new FindingFacts(id, aliases, severity, cvss, base.fixAvailable(), base.fixedVersions(),
        pkg, base.scanners(), base.waived(), base.waiverId());
  }

  private static void collectLiterals(CelExpr expr, Set<String> strings, Set<Double> numbers) {
    switch (expr.exprKind().getKind()) {
      case CONSTANT: {
        String s = literal(expr);
        if (s != null) {
          strings.add(s);
        }
        Double n = number(expr);
        if (n != null) {
          numbers.add(n);
        }
        break;
      }
      case SELECT:
        collectLiterals(expr.select().operand(), strings, numbers);
        break;
      case CALL:
        expr.call().target().ifPresent(t -> collectLiterals(t, strings, numbers));
        expr.call().args().forEach(a -> collectLiterals(a, strings, numbers));
        break;
      case LIST:
        expr.list().elements().forEach(e -> collectLiterals(e, strings, numbers));
        break;
      case COMPREHENSION:
        collectLiterals(expr.comprehension().iterRange(), strings, numbers);
        collectLiterals(expr.comprehension().loopStep(), strings, numbers);
        break;
      default:
        break;
    }
  }
}
