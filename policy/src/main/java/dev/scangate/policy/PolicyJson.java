package dev.scangate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a policy version from JSON. Unknown keys are errors, so a misspelt
 * {@code "findingSelectr"} does not silently turn a rule into something else.
 *
 * <pre>{@code
 * {
 *   "policyName": "default",
 *   "version": 1,
 *   "rules": [
 *     {"id": "never-scanned", "action": "DENY", "description": "…",
 *      "expression": "!scan.present", "messageTemplate": "{{image.repository}} was never scanned"},
 *     {"id": "fixable-critical", "action": "DENY", "description": "…",
 *      "findingSelector": "f.severity == 'CRITICAL' && f.fixAvailable",
 *      "messageTemplate": "{{count}} fixable critical finding(s): {{ids}}"}
 *   ]
 * }
 * }</pre>
 */
public final class PolicyJson {

  private static final Set<String> POLICY_KEYS = Set.of("policyName", "version", "rules");
  private static final Set<String> RULE_KEYS = Set.of("id", "description", "action",
      "expression", "findingSelector", "messageTemplate");

  private final JsonMapper mapper = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * Parses a policy document.
   *
   * @throws InvalidPolicyException naming the offending key or rule
   */
  public PolicyVersion parse(String json) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidPolicyException("policy is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidPolicyException("policy must be a JSON object with policyName, version and rules");
    }
    checkKeys(root, POLICY_KEYS, "policy");
    String name = text(root, "policyName", "policy", true);
    JsonNode version = root.path("version");
    if (!version.isInt()) {
      throw new InvalidPolicyException("policy.version must be an integer, e.g. 1");
    }
    JsonNode rulesNode = root.path("rules");
    if (!rulesNode.isArray()) {
      throw new InvalidPolicyException("policy.rules must be an array of rules");
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      JsonNode r = rulesNode.get(i);
      String where = "policy.rules[" + i + "]";
      if (!r.isObject()) {
        throw new InvalidPolicyException(where + " must be an object");
      }
      checkKeys(r, RULE_KEYS, where);
      String actionText = text(r, "action", where, true);
      Action action;
      try {
        action = Action.valueOf(actionText);
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException(where + ".action is \"" + actionText + "\": expected DENY or WARN");
      }
      try {
        rules.add(new Rule(text(r, "id", where, true), text(r, "description", where, false),
            action, text(r, "expression", where, false), text(r, "messageTemplate", where, false),
            text(r, "findingSelector", where, false)));
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException(where + ": " + e.getMessage(), e);
      }
    }
    try {
      return new PolicyVersion(name, version.intValue(), rules);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(e.getMessage(), e);
    }
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!allowed.contains(entry.getKey())) {
        throw new InvalidPolicyException(where + " has unknown key \"" + entry.getKey()
            + "\"; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  private static String text(JsonNode node, String key, String where, boolean required) {
    JsonNode value = node.path(key);
    if (value.isMissingNode() || value.isNull()) {
      if (required) {
        throw new InvalidPolicyException(where + "." + key + " is required");
      }
      return null;
    }
    if (!value.isString()) {
      throw new InvalidPolicyException(where + "." + key + " must be a string");
    }
    return value.stringValue();
  }
}
