package dev.scangate.policy;

import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.waiver.WaivedFindings;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * Evaluates a compiled policy over one input. Never throws for anything a rule does: a rule
 * that cannot be evaluated (missing field, function error, cost limit) gets the outcome
 * {@link Outcome#ERROR} with a message saying why, and an ERROR on a DENY rule denies (fail
 * closed).
 *
 * <p>Steps: the waivers that apply (per {@link WaiverMatcher}) mark their findings
 * {@code waived} with the waiver id; then every selector runs over the unwaived findings, all
 * in one pass; then each rule's expression (with {@code selected} bound for a selector rule)
 * and message run in policy order. A selector's result is shared between findings that agree
 * on every field the selector reads (CEL expressions are pure, so this changes nothing but the
 * time taken). Conjuncts of common shapes run as plain Java ({@link ConjunctShortcut}), with
 * the same results and the same step counts.
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
    List<RuleResult> results = run.evaluate(policy.rules());
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
    /** Per finding, its reference in rule results, made once for all the rules it decides. */
    private final FindingRef[] refs;

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
      this.refs = new FindingRef[open.length];
      this.base = name -> Optional.ofNullable(values.variables.get(name));
    }

    /**
     * Runs every selector in one pass over the findings, then each rule's expression and
     * message in policy order. One pass instead of one per rule: a finding's values are read
     * from memory once for all selectors, which matters once the findings no longer fit in the
     * processor's caches. Rules do not see each other (each has its own cost meter and CEL
     * expressions are pure), so the order in which their selectors meet the findings changes
     * nothing but the time taken.
     */
    List<RuleResult> evaluate(List<CompiledRule> rules) {
      Selection[] selections = new Selection[rules.size()];
      Selection[] running = new Selection[rules.size()];
      int count = 0;
      boolean idsInMessages = false;
      for (int r = 0; r < rules.size(); r++) {
        CompiledRule rule = rules.get(r);
        if (rule.selector != null) {
          selections[r] = new Selection(rule);
          running[count++] = selections[r];
          idsInMessages |= rule.message.reads("ids");
        }
      }
      FindingGroups byId = idsInMessages ? grouping(ID_PATH, unwaived.length) : null;
      for (int k = 0; k < unwaived.length && count > 0; k++) {
        int i = unwaived[k];
        FindingFacts finding = values.findings.get(i);
        boolean picked = false;
        for (int s = 0; s < count; ) {
          Selection selection = running[s];
          int before = selection.count;
          if (selection.offer(i, finding)) {
            picked |= selection.count != before;
            s++;
          } else {
            // its selector failed: the rule is decided, the others go on
            running[s] = running[--count];
            running[count] = null;
          }
        }
        if (picked) {
          // what a failing rule reports of the finding, read while the finding is at hand
          ref(i);
          if (byId != null) {
            byId.group(i);
          }
        }
      }
      List<RuleResult> results = new ArrayList<>(rules.size());
      for (int r = 0; r < rules.size(); r++) {
        results.add(evaluate(rules.get(r), selections[r]));
      }
      return results;
    }

    private FindingRef ref(int i) {
      FindingRef ref = refs[i];
      if (ref == null) {
        FindingFacts f = values.findings.get(i);
        ref = new FindingRef(f.id(), f.pkg().purl());
        refs[i] = ref;
      }
      return ref;
    }

    /** A rule's result, after its selector (if any) has seen every finding. */
    private RuleResult evaluate(CompiledRule compiled, Selection selection) {
      Rule rule = compiled.rule;
      if (selection != null && selection.failure != null) {
        return error(rule, selection.failure);
      }
      CostMeter meter = selection != null ? selection.meter
          : new CostMeter(limits.maxStepsPerRule());
      try {
        CelVariableResolver variables = base;
        Selected selected = null;
        if (selection != null) {
          selected = new Selected(selection.selected, selection.count);
          Optional<Object> value = Optional.of(selected);
          variables = name -> "selected".equals(name) ? value : base.find(name);
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
        List<FindingRef> deciding = List.of();
        if (selected != null) {
          FindingRef[] refs = new FindingRef[selected.count];
          for (int k = 0; k < refs.length; k++) {
            refs[k] = ref(selected.indexes[k]);
          }
          deciding = Arrays.asList(refs);
        }
        String message = compiled.message.render(messageVariables(variables, selected), meter);
        return new RuleResult(rule.id(), rule.action(), Outcome.FAIL, message, deciding);
      } catch (CelEvaluationException e) {
        return error(rule, describe(rule, e, meter));
      } catch (RuntimeException | StackOverflowError e) {
        return error(rule, "rule " + rule.id() + " could not be evaluated: " + e);
      }
    }

    /**
     * One rule's selector as it meets the findings: the indexes of the unwaived findings it
     * picked so far, in input order, or why it failed. Each conjunct's result (true, false or
     * an error) is shared by the findings that agree on the paths it reads. A finding is
     * selected when no conjunct is false and none failed; a false conjunct wins over a failed
     * one, as in CEL ({@code error && false} is {@code false}).
     *
     * <p>A shortcut conjunct costs its CEL steps once per group of findings equal on the paths
     * it reads, as a conjunct run through CEL does; but looking up a finding's group costs more
     * than the test itself. So each run is charged to the meter as an upper bound (as if every
     * finding were its own group), and the exact count is only worked out when the bound could
     * reach the limit: then {@link #settle} runs the selector again, without CEL, over the
     * findings met since the last count, and charges each group once.
     */
    private final class Selection implements CostMeter.Deferred {

      final CompiledRule compiled;
      final CostMeter meter = new CostMeter(limits.maxStepsPerRule());
      private final CompiledExpression.Conjunct[] conjuncts;
      private final ConjunctShortcut[] shortcuts;
      /** Per conjunct run through CEL: the findings' groups and each group's result. */
      private final FindingGroups[] groupings;
      private final Object[][] decided;
      int[] selected = new int[16];
      int count;
      /** Why the selector failed (the rule's ERROR message), or null. */
      String failure;
      /** The findings {@code unwaived[0..done)} are done; of the next, {@code started} conjuncts ran. */
      private int done;
      private int started;
      /** The findings before {@code unwaived[settledDone]} are counted exactly. */
      private int settledDone;
      /** Per shortcut conjunct, the groups whose steps are counted. */
      private final BitSet[] charged;

      Selection(CompiledRule compiled) {
        this.compiled = compiled;
        this.conjuncts = compiled.selector.conjuncts.toArray(new CompiledExpression.Conjunct[0]);
        this.shortcuts = new ConjunctShortcut[conjuncts.length];
        for (int c = 0; c < conjuncts.length; c++) {
          shortcuts[c] = conjuncts[c].shortcut();
        }
        this.groupings = new FindingGroups[conjuncts.length];
        this.decided = new Object[conjuncts.length][];
        this.charged = new BitSet[conjuncts.length];
      }

      /**
       * Runs the selector on finding i, the next of {@code unwaived}; false once it has failed
       * (see {@link #failure}).
       */
      boolean offer(int i, FindingFacts finding) {
        try {
          if (test(i, finding)) {
            if (count == selected.length) {
              selected = Arrays.copyOf(selected, count * 2);
            }
            selected[count++] = i;
          }
          done++;
          started = 0;
          return true;
        } catch (SelectorFailed e) {
          failure = e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
          failure = "rule " + compiled.rule.id() + " could not be evaluated: " + e;
        }
        return false;
      }

      private boolean test(int i, FindingFacts finding) throws SelectorFailed {
        CelVariableResolver variables = null;
        Object failed = null;
        for (int c = 0; c < conjuncts.length; c++) {
          started = c + 1;
          ConjunctShortcut shortcut = shortcuts[c];
          Object result = null;
          if (shortcut != null) {
            Boolean answer = shortcut.test(finding);
            if (answer != null) {
              meter.chargeAtMost(shortcut.steps(finding), this);
              if (meter.exceeded()) {
                throw new SelectorFailed(costMessage(compiled.rule, meter));
              }
              result = answer;
            }
          }
          if (result == null) {
            // through CEL, once per group of findings equal on the paths the conjunct reads
            // (for a shortcut, the findings it leaves to CEL: equal ones are left alike)
            int group = groupOf(c, i);
            if (group >= decided[c].length) {
              decided[c] = Arrays.copyOf(decided[c], Math.max(group + 1, decided[c].length * 2));
            }
            result = decided[c][group];
            if (result == null) {
              if (variables == null) {
                Optional<Object> f = Optional.of(values.findingValues.get(i));
                variables = name -> "f".equals(name) ? f : base.find(name);
              }
              result = evaluateConjunct(compiled.rule, conjuncts[c], variables, meter, i);
              decided[c][group] = result;
            }
          }
          if (Boolean.FALSE.equals(result)) {
            return false;
          }
          if (!Boolean.TRUE.equals(result) && failed == null) {
            failed = result;
          }
        }
        if (failed != null) {
          throw new SelectorFailed(failed.toString());
        }
        return true;
      }

      /** The group of finding i for conjunct c. */
      private int groupOf(int c, int i) {
        if (groupings[c] == null) {
          groupings[c] = grouping(conjuncts[c].paths());
          decided[c] = new Object[16];
        }
        return groupings[c].group(i);
      }

      /** The exact steps of the shortcut runs since the last count; see the class comment. */
      @Override
      public long settle() {
        long steps = 0;
        for (int k = settledDone; k < done; k++) {
          steps += recount(k, true);
        }
        if (started > 0) {
          steps += recount(done, false);
        }
        // the current finding is counted again next time: its groups are then already counted
        settledDone = done;
        return steps;
      }

      /**
       * The steps of the shortcut runs on {@code unwaived[k]} in groups not counted yet. On a
       * finding the selector is done with, conjuncts ran up to the first false one; on the
       * current finding, the first {@link #started}.
       */
      private long recount(int k, boolean finished) {
        int i = unwaived[k];
        FindingFacts finding = values.findings.get(i);
        int to = finished ? conjuncts.length : started;
        long steps = 0;
        for (int c = 0; c < to; c++) {
          Boolean answer = shortcuts[c] == null ? null : shortcuts[c].test(finding);
          int group = groupOf(c, i);
          if (answer != null) {
            if (charged[c] == null) {
              charged[c] = new BitSet();
            }
            if (!charged[c].get(group)) {
              charged[c].set(group);
              steps += shortcuts[c].steps(finding);
            }
          }
          if (Boolean.FALSE.equals(answer != null ? answer : decided[c][group])) {
            break;
          }
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
      return grouping(paths, 32);
    }

    /** The same, made with room for this many groups if it is made now. */
    private FindingGroups grouping(List<List<String>> paths, int expectedGroups) {
      if (paths == null) {
        return new FindingGroups(values.findings, values.findingValues, null);
      }
      return groupings.computeIfAbsent(paths,
          key -> new FindingGroups(values.findings, values.findingValues, key, expectedGroups));
    }

    /**
     * The CEL list {@code selected}: the selected findings' values, read on demand (a rule
     * usually only asks for its size).
     */
    private final class Selected extends AbstractList<Map<String, Object>> implements RandomAccess {

      final int[] indexes;
      final int count;

      Selected(int[] indexes, int count) {
        this.indexes = indexes;
        this.count = count;
      }

      @Override
      public Map<String, Object> get(int k) {
        Objects.checkIndex(k, count);
        return values.findingValues.get(indexes[k]);
      }

      @Override
      public int size() {
        return count;
      }
    }

    /**
     * The variables of a message: {@code selected}, {@code count}, and {@code ids}, which is
     * only worked out when a placeholder reads it.
     */
    private CelVariableResolver messageVariables(CelVariableResolver variables, Selected selected) {
      Optional<Object> list = Optional.of(selected == null ? List.of() : selected);
      Optional<Object> count = Optional.of((long) (selected == null ? 0 : selected.count));
      String[] ids = new String[1];
      return name -> {
        switch (name) {
          case "selected":
            return list;
          case "count":
            return count;
          case "ids":
            if (ids[0] == null) {
              ids[0] = selected == null ? "" : ids(selected);
            }
            return Optional.of(ids[0]);
          default:
            return variables.find(name);
        }
      };
    }

    /** The distinct ids of the selected findings, the first ten in order, then how many more. */
    private String ids(Selected selected) {
      FindingGroups byId = grouping(ID_PATH);
      BitSet seen = new BitSet();
      List<String> shown = new ArrayList<>(IDS_IN_MESSAGE);
      int distinct = 0;
      for (int k = 0; k < selected.count; k++) {
        int i = selected.indexes[k];
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
