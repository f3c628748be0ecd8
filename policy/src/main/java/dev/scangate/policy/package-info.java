/**
 * The policy engine: CEL rules evaluated over an image, its scan and its findings, producing an
 * explained decision. A pure library with no Spring and no IO; {@code service} feeds it records.
 *
 * <pre>{@code
 * PolicyCompiler compiler = new PolicyCompiler();                 // once; caches programs
 * CompiledPolicy policy = compiler.compile(DefaultPolicy.load()); // on save: PolicyCompileException
 * PolicyEvaluator evaluator = new PolicyEvaluator(new WaiverMatcher(Set.of("prod")));
 * Evaluation e = evaluator.evaluate(policy, input, waivers);      // never throws for a rule
 * e.decision().allowed();
 * }</pre>
 *
 * <p>The rule language, variables, functions, waivers and limits are documented in
 * {@code docs/policy.md}.
 */
package dev.scangate.policy;
