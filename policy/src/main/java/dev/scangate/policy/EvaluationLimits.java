package dev.scangate.policy;

/**
 * How much work one rule may do before it is stopped with an ERROR outcome (never an
 * exception). Both limits are deterministic: the same input hits them at the same point.
 *
 * <pre>{@code
 * new EvaluationLimits(2_000_000, 1_000_000); // the defaults
 * }</pre>
 *
 * @param maxStepsPerRule evaluation steps (CEL expression nodes evaluated, counted through the
 *     runtime's evaluation listener) per rule, summed over its selector, expression and message
 * @param maxIterationsPerEvaluation CEL's {@code comprehensionMaxIterations}: loop iterations
 *     of all comprehensions ({@code exists}, {@code all}, {@code map}, {@code filter}) within
 *     one evaluation of one expression
 */
public record EvaluationLimits(long maxStepsPerRule, int maxIterationsPerEvaluation) {

  /** 2,000,000 steps per rule (about 25 times a rule that looks at 5,000 findings) and 1,000,000 iterations. */
  public static final EvaluationLimits DEFAULT = new EvaluationLimits(2_000_000, 1_000_000);

  public EvaluationLimits {
    if (maxStepsPerRule < 1 || maxIterationsPerEvaluation < 1) {
      throw new IllegalArgumentException("evaluation limits must be positive, got "
          + maxStepsPerRule + " steps and " + maxIterationsPerEvaluation + " iterations");
    }
  }
}
