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

  /**
   * Steps whose exact count is worked out only when it could matter: an upper bound, and
   * how to settle them. Settling never counts more than the bound.
   */
  interface Deferred {
    /** Counts the deferred steps exactly; the bound they replace is then dropped. */
    long settle();
  }

  private final long limit;
  private long steps;
  /** The upper bound of the deferred steps not yet settled. */
  private long deferredBound;
  private Deferred deferred;

  CostMeter(long limit) {
    this.limit = limit;
  }

  @Override
  public void callback(CelExpr expr, Object value) {
    if (++steps + deferredBound > limit && settle()) {
      throw new LimitExceeded(limit);
    }
  }

  /**
   * Counts steps that may later turn out fewer (a shortcut conjunct's result shared by findings
   * in one group costs its steps once): {@code bound} now, settled exactly by {@code deferred}
   * as soon as the bound alone would exceed the limit. The meter then behaves exactly as if
   * the exact count had been charged as it went.
   */
  void chargeAtMost(long bound, Deferred settler) {
    deferredBound += bound;
    this.deferred = settler;
  }

  /** Whether the limit is exceeded, counting the deferred steps exactly. */
  boolean exceeded() {
    if (steps + deferredBound > limit) {
      settle();
    }
    return steps > limit;
  }

  /** Settles the deferred steps; whether the limit is then exceeded. */
  private boolean settle() {
    if (deferredBound > 0) {
      deferredBound = 0;
      steps += deferred.settle();
    }
    return steps > limit;
  }

  long steps() {
    return steps;
  }

  long limit() {
    return limit;
  }
}
