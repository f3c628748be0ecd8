package dev.scangate.policy;

import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.waiver.WaivedFindings;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a compiled policy over one input. Never throws for anything a rule does: a rule
 * that cannot be evaluated (missing field, function error, cost limit) gets the outcome
 * {@link Outcome#ERROR} with a message saying why, and an ERROR on a DENY rule denies (fail
 * closed).
 *
 * <p>Steps: the waivers that apply (per {@link WaiverMatcher}) mark their findings
 * {@code waived} with the waiver id; then each rule runs in policy order. A selector rule runs
 * its selector over the unwaived findings; the selector's result is shared between findings
 * that agree on every field the selector reads (CEL expressions are pure, so this changes
 * nothing but the time taken), then its expression runs with {@code selected} bound.
 * Conjuncts of common shapes run as plain Java ({@link ConjunctShortcut}), with the same
 * results and the same step counts.
 *
 * <pre>{@code
 * PolicyEvaluator evaluator = new PolicyEvaluator(new WaiverMatcher(Set.of("prod")));
 * Evaluation e = evaluator.evaluate(compiled, input, waivers);
 * e.decision().allowed();
 * }</pre>
 */
public final class PolicyEvaluator {

  private static final int IDS_IN_MESSAGE = 10;
  private static final List<List<String>> ID_PATH = List.of(List.of("id"));

  private final WaiverMatcher waiverMatcher;

  public PolicyEvaluator(WaiverMatcher waiverMatcher) {
    this.waiverMatcher = waiverMatcher;
  }

  /** Evaluates every rule; see the class comment. */
  public Evaluation evaluate(CompiledPolicy policy, PolicyInput input, List<Waiver> waivers) {
    WaivedFindings waived = waiverMatcher.apply(input, waivers);
    PolicyInput marked = input.withFindings(waived.findings());
    Run run = new Run(InputValues.of(marked), policy.limits());
    List<RuleResult> results = new ArrayList<>();
    for (CompiledRule rule : policy.rules()) {
      results.add(run.evaluate(rule));
    }
    return new Evaluation(policy.version().policyName(), policy.version().version(),
        policy.digest(), input.environment(), input.image().digest(), input.now(), results,
        waived.applied(), Decision.of(results));
  }

  /** The state of one evaluation: the input values and the selector groupings built so far. */
  private static final class Run {

    private final InputValues values;
    private final EvaluationLimits limits;
    private final CelVariableResolver base;
    /** The indexes of the findings no waiver applies to, in input order. */
    private final int[] unwaived;
    /** Per set of finding paths: the group of each finding, equal groups for equal values. */
    private final Map<List<List<String>>, FindingGroups> groupings = new HashMap<>();

    Run(InputValues values, EvaluationLimits limits) {
      this.values = values;
      this.limits = limits;
      int[] open = new int[values.findings.size()];
      int count = 0;
      for (int i = 0; i < open.length; i++) {
        if (!values.findings.get(i).waived()) {
          open[count++] = i;
        }
      }
      this.unwaived = Arrays.copyOf(open, count);
      this.base = name -> Optional.ofNullable(values.variables.get(name));
    }

    RuleResult evaluate(CompiledRule compiled) {
      Rule rule = compiled.rule;
      CostMeter meter = new CostMeter(limits.maxStepsPerRule());
      List<Integer> selected = List.of();
      List<Map<String, Object>> selectedValues = List.of();
      try {
        CelVariableResolver variables = base;
        if (compiled.selector != null) {
          selected = select(compiled, meter);
          selectedValues = selectedValues(selected);
          variables = with(base, Map.of("selected", selectedValues));
        }
        Object result = compiled.expression.evaluate(variables, meter);
        if (meter.exceeded()) {
          return error(rule, costMessage(rule, meter));
        }
        if (!(result instanceof Boolean)) {
          return error(rule, "rule " + rule.id() + " evaluated to " + typeName(result)
              + " instead of a bool");
        }
        if (!((Boolean) result)) {
          return new RuleResult(rule.id(), rule.action(), Outcome.PASS, "", List.of());
        }
        List<FindingRef> deciding = new ArrayList<>(selected.size());
        for (int i : selected) {
          FindingFacts f = values.findings.get(i);
          deciding.add(new FindingRef(f.id(), f.pkg().purl()));
        }
        String message = compiled.message.render(
            messageVariables(variables, selected, selectedValues), meter);
        return new RuleResult(rule.id(), rule.action(), Outcome.FAIL, message, deciding);
      } catch (SelectorFailed e) {
        return error(rule, e.getMessage());
      } catch (CelEvaluationException e) {
        return error(rule, describe(rule, e, meter));
      } catch (RuntimeException | StackOverflowError e) {
        return error(rule, "rule " + rule.id() + " could not be evaluated: " + e);
      }
    }

    /**
     * Indexes of the unwaived findings the selector picks, in input order. Each conjunct's
     * result (true, false or an error) is shared by the findings that agree on the paths it
     * reads. A finding is selected when no conjunct is false and none failed; a false conjunct
     * wins over a failed one, as in CEL ({@code error && false} is {@code false}).
     */
    private List<Integer> select(CompiledRule compiled, CostMeter meter) throws SelectorFailed {
      List<CompiledExpression.Conjunct> conjuncts = compiled.selector.conjuncts;
      FindingGroups[] groupings = new FindingGroups[conjuncts.size()];
      Object[][] decided = new Object[conjuncts.size()][];
      ShortcutSteps shortcutSteps = new ShortcutSteps(conjuncts);
      for (int c = 0; c < conjuncts.size(); c++) {
        if (conjuncts.get(c).shortcut() == null) {
          groupings[c] = grouping(conjuncts.get(c).paths());
          decided[c] = new Object[16];
        }
      }
      List<Integer> selected = new ArrayList<>();
      for (int i : unwaived) {
        CelVariableResolver variables = null;
        boolean isFalse = false;
        Object failure = null;
        for (int c = 0; c < conjuncts.size() && !isFalse; c++) {
          ConjunctShortcut shortcut = conjuncts.get(c).shortcut();
          Object result;
          if (shortcut != null) {
            // the test is cheaper than looking up the finding's group; the steps CEL would
            // have taken once per group are counted exactly when they could reach the limit
            shortcutSteps.ran(c, i);
            meter.chargeAtMost(shortcut.steps(), shortcutSteps);
            if (meter.exceeded()) {
              throw new SelectorFailed(costMessage(compiled.rule, meter));
            }
            result = shortcut.test().test(values.findings.get(i));
          } else {
            int group = groupings[c].group(i);
            if (group >= decided[c].length) {
              decided[c] = Arrays.copyOf(decided[c], Math.max(group + 1, decided[c].length * 2));
            }
            result = decided[c][group];
            if (result == null) {
              if (variables == null) {
                Optional<Object> f = Optional.of(values.findingValues.get(i));
                variables = name -> "f".equals(name) ? f : base.find(name);
              }
              result = evaluateConjunct(compiled.rule, conjuncts.get(c), variables, meter, i);
              decided[c][group] = result;
            }
          }
          if (Boolean.FALSE.equals(result)) {
            isFalse = true;
          } else if (!Boolean.TRUE.equals(result) && failure == null) {
            failure = result;
          }
        }
        if (isFalse) {
          continue;
        }
        if (failure != null) {
          throw new SelectorFailed(failure.toString());
        }
        selected.add(i);
      }
      return selected;
    }

    /**
     * The steps of a selector's shortcut conjuncts: each costs its CEL steps once per group of
     * findings equal on the paths it reads, as a conjunct run through CEL does. The findings it
     * ran on are kept until the meter asks for the exact count.
     */
    private final class ShortcutSteps implements CostMeter.Deferred {

      private final List<CompiledExpression.Conjunct> conjuncts;
      private final int[][] pending;
      private final int[] pendingCount;
      private final BitSet[] charged;

      ShortcutSteps(List<CompiledExpression.Conjunct> conjuncts) {
        this.conjuncts = conjuncts;
        this.pending = new int[conjuncts.size()][];
        this.pendingCount = new int[conjuncts.size()];
        this.charged = new BitSet[conjuncts.size()];
      }

      void ran(int c, int i) {
        if (pending[c] == null) {
          pending[c] = new int[64];
          charged[c] = new BitSet();
        } else if (pendingCount[c] == pending[c].length) {
          pending[c] = Arrays.copyOf(pending[c], pending[c].length * 2);
        }
        pending[c][pendingCount[c]++] = i;
      }

      @Override
      public long settle() {
        long steps = 0;
        for (int c = 0; c < pending.length; c++) {
          if (pendingCount[c] == 0) {
            continue;
          }
          FindingGroups groups = grouping(conjuncts.get(c).paths());
          for (int k = 0; k < pendingCount[c]; k++) {
            int group = groups.group(pending[c][k]);
            if (!charged[c].get(group)) {
              charged[c].set(group);
              steps += conjuncts.get(c).shortcut().steps();
            }
          }
          pendingCount[c] = 0;
        }
        return steps;
      }
    }

    /** TRUE, FALSE, or the message of a failed evaluation of one conjunct for finding i. */
    private Object evaluateConjunct(Rule rule, CompiledExpression.Conjunct conjunct,
        CelVariableResolver variables, CostMeter meter, int i) throws SelectorFailed {
      Object result;
      try {
        result = conjunct.evaluate(variables, meter);
      } catch (CelEvaluationException e) {
        if (meter.exceeded() || isCost(e) || isIterations(e)) {
          throw new SelectorFailed(describe(rule, e, meter));
        }
        return "rule " + rule.id() + ": selector failed on finding "
            + values.findings.get(i).id() + ": " + e.getMessage();
      }
      if (meter.exceeded()) {
        throw new SelectorFailed(costMessage(rule, meter));
      }
      if (!(result instanceof Boolean)) {
        return "rule " + rule.id() + ": selector evaluated to " + typeName(result)
            + " instead of a bool";
      }
      return result;
    }

    /** The grouping of the findings by these paths, shared by every conjunct that reads them. */
    private FindingGroups grouping(List<List<String>> paths) {
      if (paths == null) {
        return new FindingGroups(values.findings, values.findingValues, null);
      }
      return groupings.computeIfAbsent(paths,
          key -> new FindingGroups(values.findings, values.findingValues, key));
    }

    private List<Map<String, Object>> selectedValues(List<Integer> selected) {
      List<Map<String, Object>> out = new ArrayList<>(selected.size());
      for (int i : selected) {
        out.add(values.findingValues.get(i));
      }
      return out;
    }

    /**
     * The variables of a message: {@code selected}, {@code count}, and {@code ids}, which is
     * only worked out when a placeholder reads it.
     */
    private CelVariableResolver messageVariables(CelVariableResolver variables,
        List<Integer> selected, List<Map<String, Object>> selectedValues) {
      Long count = (long) selected.size();
      String[] ids = new String[1];
      return name -> {
        switch (name) {
          case "selected":
            return Optional.of(selectedValues);
          case "count":
            return Optional.of(count);
          case "ids":
            if (ids[0] == null) {
              ids[0] = ids(selected);
            }
            return Optional.of(ids[0]);
          default:
            return variables.find(name);
        }
      };
    }

    /** The distinct ids of the selected findings, the first ten in order, then how many more. */
    private String ids(List<Integer> selected) {
      FindingGroups byId = grouping(ID_PATH);
      BitSet seen = new BitSet();
      List<String> shown = new ArrayList<>(IDS_IN_MESSAGE);
      int distinct = 0;
      for (int i : selected) {
        int group = byId.group(i);
        if (!seen.get(group)) {
          seen.set(group);
          distinct++;
          if (shown.size() < IDS_IN_MESSAGE) {
            shown.add(values.findings.get(i).id());
          }
        }
      }
      String text = String.join(", ", shown);
      return distinct > shown.size() ? text + " and " + (distinct - shown.size()) + " more" : text;
    }

    private String describe(Rule rule, CelEvaluationException e, CostMeter meter) {
      if (meter.exceeded() || isCost(e)) {
        return costMessage(rule, meter);
      }
      if (isIterations(e)) {
        return "rule " + rule.id() + " exceeded the evaluation cost limit of "
            + limits.maxIterationsPerEvaluation() + " (comprehension iterations per evaluation)";
      }
      return "rule " + rule.id() + " could not be evaluated: " + e.getMessage();
    }

    private static String costMessage(Rule rule, CostMeter meter) {
      return "rule " + rule.id() + " exceeded the evaluation cost limit of " + meter.limit()
          + " (evaluation steps)";
    }

    private static boolean isCost(CelEvaluationException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof CostMeter.LimitExceeded) {
          return true;
        }
      }
      return false;
    }

    private static boolean isIterations(CelEvaluationException e) {
      return e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED;
    }
  }

  private static RuleResult error(Rule rule, String message) {
    return new RuleResult(rule.id(), rule.action(), Outcome.ERROR, message, List.of());
  }

  private static CelVariableResolver with(CelVariableResolver parent, Map<String, Object> extra) {
    return name -> {
      Object value = extra.get(name);
      return value != null ? Optional.of(value) : parent.find(name);
    };
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  /** A selector could not be evaluated; the message names the rule and the finding. */
  private static final class SelectorFailed extends Exception {
    SelectorFailed(String message) {
      super(message, null, false, false);
    }
  }
}
