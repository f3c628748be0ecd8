package dev.scangate.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One policy rule. The {@code expression} is a CEL expression that is {@code true} when the
 * image <em>violates</em> the rule; the rule then fails with the rendered {@code messageTemplate}.
 *
 * <p>Findings rules should set a {@code findingSelector}: a CEL expression over one finding
 * {@code f} that is {@code true} for an offending finding. The selector runs over the unwaived
 * findings only; the ones it selects are bound to {@code selected} and are the findings reported
 * as having decided the rule. The expression of a selector rule then defaults to
 * {@code size(selected) > 0} ("fails when any unwaived finding matches"), and may be given to
 * set a threshold, e.g. {@code size(selected) > 10}.
 *
 * <p>Messages are text with <code>{{ CEL expression }}</code> placeholders; see
 * {@code docs/policy.md}.
 *
 * <pre>{@code
 * new Rule("fixable-critical", "No fixable critical findings", Action.DENY, null,
 *     "{{count}} fixable critical finding(s): {{ids}}",
 *     "f.severity == 'CRITICAL' && f.fixAvailable");
 * new Rule("never-scanned", "The image must have been scanned", Action.DENY,
 *     "!scan.present", "{{image.repository}} was never scanned");
 * }</pre>
 *
 * @param id unique within its policy: lowercase letters, digits, {@code -}, {@code _}, {@code .}
 * @param expression the violation condition; null or blank only for selector rules
 * @param messageTemplate the message of a failed rule; null or blank uses the description
 * @param findingSelector the selector over {@code f}, or null for a rule without one
 */
public record Rule(String id, String description, Action action, String expression,
    String messageTemplate, String findingSelector) {

  /** The expression a selector rule gets when it gives none. */
  public static final String DEFAULT_SELECTOR_EXPRESSION = "size(selected) > 0";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  public Rule {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("invalid rule id \"" + id
          + "\": use 1-100 lowercase letters, digits, '.', '_' or '-' (example: no-fixable-critical)");
    }
    description = description == null ? "" : description;
    Objects.requireNonNull(action, () -> "rule " + id + " has no action (DENY or WARN)");
    if (findingSelector != null && findingSelector.isBlank()) {
      findingSelector = null;
    }
    if (expression == null || expression.isBlank()) {
      if (findingSelector == null) {
        throw new IllegalArgumentException("rule " + id + " has no expression");
      }
      expression = DEFAULT_SELECTOR_EXPRESSION;
    }
    if (messageTemplate == null || messageTemplate.isBlank()) {
      messageTemplate = description.isEmpty() ? "rule " + id + " failed" : description;
    }
  }

  /** A rule without a finding selector. */
  public Rule(String id, String description, Action action, String expression,
      String messageTemplate) {
    this(id, description, action, expression, messageTemplate, null);
  }

  /** Whether the rule selects offending findings with {@link #findingSelector()}. */
  public boolean hasFindingSelector() {
    return findingSelector != null;
  }
}
