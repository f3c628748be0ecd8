package dev.scangate.policy;

/** A rule with its compiled expression, optional selector and message. */
final class CompiledRule {

  final Rule rule;
  final CompiledExpression expression;
  /** Null for a rule without a finding selector. */
  final CompiledExpression selector;
  final MessageTemplate message;

  CompiledRule(Rule rule, CompiledExpression expression, CompiledExpression selector,
      MessageTemplate message) {
    this.rule = rule;
    this.expression = expression;
    this.selector = selector;
    this.message = message;
  }
}
