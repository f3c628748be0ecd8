package dev.scangate.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.List;

/**
 * One checked CEL expression ready to run, shared through the compiler's program cache.
 * Programs are immutable and safe to run from several threads.
 */
final class CompiledExpression {

  final String source;
  final ExpressionContext context;
  private final CelRuntime.Program program;
  /**
   * For selectors: the fields of {@code f} the selector reads, sorted; null when it uses
   * {@code f} as a whole (then its result cannot be shared between findings).
   */
  final List<String> findingFields;

  CompiledExpression(String source, ExpressionContext context, CelRuntime.Program program,
      List<String> findingFields) {
    this.source = source;
    this.context = context;
    this.program = program;
    this.findingFields = findingFields == null ? null : List.copyOf(findingFields);
  }

  Object evaluate(CelVariableResolver variables, CostMeter meter) throws CelEvaluationException {
    return program.trace(variables, meter);
  }
}
