package dev.scangate.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Set;

/**
 * One checked CEL expression ready to run, shared through the compiler's program cache.
 * Programs are immutable and safe to run from several threads.
 *
 * <p>A selector is also split into its top-level conjuncts ({@code a && b && c}), each with the
 * paths of {@code f} it reads, so that the evaluator can share each conjunct's result between
 * findings that agree on those paths and skip the remaining conjuncts of a finding once one is
 * false.
 */
final class CompiledExpression {

  /**
   * One conjunct of a selector.
   *
   * @param paths the paths of {@code f} read, e.g. {@code [[pkg, purl], [severity]]}, sorted;
   *     null when {@code f} is used as a whole (then results cannot be shared)
   * @param shortcut the same test in plain Java, or null when it runs through CEL
   */
  record Conjunct(CelRuntime.Program program, List<List<String>> paths, ConjunctShortcut shortcut) {

    Object evaluate(CelVariableResolver variables, CostMeter meter) throws CelEvaluationException {
      return program.trace(variables, meter);
    }
  }

  final String source;
  final ExpressionContext context;
  private final CelRuntime.Program program;
  /** For selectors, the conjuncts in source order; empty otherwise. */
  final List<Conjunct> conjuncts;
  /** The names the expression reads (variables, and any comprehension variables). */
  private final Set<String> identifiers;

  CompiledExpression(String source, ExpressionContext context, CelRuntime.Program program,
      List<Conjunct> conjuncts, Set<String> identifiers) {
    this.source = source;
    this.context = context;
    this.program = program;
    this.conjuncts = List.copyOf(conjuncts);
    this.identifiers = Set.copyOf(identifiers);
  }

  /** Whether the expression may read this variable. */
  boolean reads(String variable) {
    return identifiers.contains(variable);
  }

  Object evaluate(CelVariableResolver variables, CostMeter meter) throws CelEvaluationException {
    return program.trace(variables, meter);
  }
}
