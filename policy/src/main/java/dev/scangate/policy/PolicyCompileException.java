package dev.scangate.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy version that cannot be compiled; {@link #problems()} lists every problem of every
 * rule, each with the rule id, the part (expression, selector or message), the 1-based line
 * and column within that part, and CEL's message.
 *
 * <pre>{@code
 * try {
 *   compiler.compile(version);
 * } catch (PolicyCompileException e) {
 *   e.problems().get(0); // Problem[ruleId=no-root, part=expression, line=1, column=7,
 *                        //         message=undefined field 'usr']
 * }
 * }</pre>
 */
public class PolicyCompileException extends Exception {

  /**
   * One problem in one part of one rule.
   *
   * @param part {@code expression}, {@code selector} or {@code message}
   * @param line 1-based line within the part's text
   * @param column 1-based column (in characters) within the line
   */
  public record Problem(String ruleId, String part, int line, int column, String message) {

    public Problem {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(part, "part");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return "rule " + ruleId + ", " + part + " " + line + ":" + column + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  public PolicyCompileException(String policyName, int version, List<Problem> problems) {
    super(describe(policyName, version, problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in rule order. */
  public List<Problem> problems() {
    return problems;
  }

  private static String describe(String policyName, int version, List<Problem> problems) {
    StringBuilder s = new StringBuilder("policy ").append(policyName).append(" version ")
        .append(version).append(" does not compile:");
    for (Problem p : problems) {
      s.append("\n  ").append(p);
    }
    return s.toString();
  }
}
