package dev.scangate.policy;

import java.util.List;

/**
 * A policy version whose rules all compiled; evaluate it with {@link PolicyEvaluator}. Immutable
 * and safe to share between threads.
 *
 * <pre>{@code
 * CompiledPolicy compiled = compiler.compile(version);
 * compiled.version().digest();
 * }</pre>
 */
public final class CompiledPolicy {

  private final PolicyVersion version;
  private final String digest;
  private final List<CompiledRule> rules;
  private final EvaluationLimits limits;

  CompiledPolicy(PolicyVersion version, List<CompiledRule> rules, EvaluationLimits limits) {
    this.version = version;
    this.digest = version.digest();
    this.rules = List.copyOf(rules);
    this.limits = limits;
  }

  /** The policy version this was compiled from. */
  public PolicyVersion version() {
    return version;
  }

  /** {@link PolicyVersion#digest()}, computed once. */
  public String digest() {
    return digest;
  }

  /** The limits the compiler's runtime enforces. */
  public EvaluationLimits limits() {
    return limits;
  }

  List<CompiledRule> rules() {
    return rules;
  }
}
