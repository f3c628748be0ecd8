package dev.scangate.policy;

/**
 * A rule's result: {@code PASS} (not violated), {@code FAIL} (violated) or {@code ERROR} (could
 * not be evaluated: a missing field, a failed function, the cost limit). An {@code ERROR} counts
 * like a {@code FAIL}: it denies on a DENY rule (fail closed) and warns on a WARN rule.
 *
 * <pre>{@code
 * evaluation.result("never-scanned").outcome() == Outcome.FAIL
 * }</pre>
 */
public enum Outcome {
  PASS, FAIL, ERROR
}
