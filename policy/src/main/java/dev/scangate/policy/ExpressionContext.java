package dev.scangate.policy;

/**
 * Where an expression appears in a rule, which decides the variables it may use and the type
 * it must have.
 */
enum ExpressionContext {
  /** A rule's expression without a selector: the input variables, must be bool. */
  RULE("expression", true),
  /** A finding selector: the input variables and {@code f}, must be bool. */
  SELECTOR("selector", true),
  /** The expression of a selector rule: the input variables and {@code selected}, must be bool. */
  SELECTION("expression", true),
  /** A message placeholder: the input variables, {@code selected}, {@code count}, {@code ids}. */
  MESSAGE("message", false);

  private final String part;
  private final boolean bool;

  ExpressionContext(String part, boolean bool) {
    this.part = part;
    this.bool = bool;
  }

  /** The rule part named in compile errors. */
  String part() {
    return part;
  }

  boolean mustBeBool() {
    return bool;
  }
}
