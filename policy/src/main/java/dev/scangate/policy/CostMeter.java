package dev.scangate.policy;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;

/**
 * Counts evaluation steps (every expression node CEL evaluates calls the listener once) and
 * stops the evaluation once a rule has used its budget. cel-java has no cost tracking of its
 * own; the listener of {@code Program.trace} is its hook for observing every step.
 *
 * <p>CEL's logical operators absorb errors ({@code error || true} is {@code true}), so the
 * stop signal could be swallowed; once over budget every further step throws again, and the
 * evaluator checks {@link #exceeded()} after each evaluation rather than trusting the result.
 */
final class CostMeter implements CelEvaluationListener {

  /** Thrown from inside CEL's interpreter; carries no stack trace to stay cheap. */
  static final class LimitExceeded extends RuntimeException {
    LimitExceeded(long limit) {
      super("evaluation cost limit of " + limit + " steps exceeded", null, false, false);
    }
  }

  private final long limit;
  private long steps;

  CostMeter(long limit) {
    this.limit = limit;
  }

  @Override
  public void callback(CelExpr expr, Object value) {
    if (++steps > limit) {
      throw new LimitExceeded(limit);
    }
  }

  /** Counts the steps of an evaluation done without CEL ({@link ConjunctShortcut}). */
  void charge(long count) {
    steps += count;
  }

  boolean exceeded() {
    return steps > limit;
  }

  long steps() {
    return steps;
  }

  long limit() {
    return limit;
  }
}
