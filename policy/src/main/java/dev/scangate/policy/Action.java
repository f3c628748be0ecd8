package dev.scangate.policy;

/**
 * What a failing rule does to the decision: {@code DENY} blocks the promotion, {@code WARN} is
 * reported but allows it.
 *
 * <pre>{@code
 * new Rule("runs-as-root", "…", Action.WARN, "image.user == ''", "…");
 * }</pre>
 */
public enum Action {
  DENY, WARN
}
