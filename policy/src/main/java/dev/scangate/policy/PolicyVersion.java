package dev.scangate.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * An immutable version of a named policy. Its {@link #digest()} identifies the exact rules that
 * decided an evaluation.
 *
 * <pre>{@code
 * PolicyVersion v = new PolicyVersion("default", 3, List.of(rule1, rule2));
 * v.digest(); // "sha256:5f1c…"
 * }</pre>
 *
 * @param version 1 for the first version, counting up
 */
public record PolicyVersion(String policyName, int version, List<Rule> rules) {

  public PolicyVersion {
    if (policyName == null || policyName.isBlank()) {
      throw new IllegalArgumentException("policy name must not be empty");
    }
    if (version < 1) {
      throw new IllegalArgumentException("policy version must be 1 or more, got " + version);
    }
    rules = List.copyOf(rules);
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException(
            "policy " + policyName + " has two rules with id \"" + rule.id() + "\"");
      }
    }
  }

  /** The rule with this id, or null. */
  public Rule rule(String id) {
    for (Rule rule : rules) {
      if (rule.id().equals(id)) {
        return rule;
      }
    }
    return null;
  }

  /**
   * {@code sha256:} and the hex SHA-256 of {@link #canonicalJson()}. Any change to a rule, its
   * order, the name or the version changes it.
   */
  public String digest() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(canonicalJson().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JRE without SHA-256", e);
    }
  }

  /**
   * The policy as canonical JSON in the manner of RFC 8785 (JCS): object keys in code point
   * order, no insignificant whitespace, strings escaped minimally, {@code findingSelector} null
   * when absent. Rule defaults (expression and message) are included as filled in.
   */
  public String canonicalJson() {
    StringBuilder out = new StringBuilder();
    out.append("{\"policyName\":");
    string(out, policyName);
    out.append(",\"rules\":[");
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"action\":");
      string(out, r.action().name());
      out.append(",\"description\":");
      string(out, r.description());
      out.append(",\"expression\":");
      string(out, r.expression());
      out.append(",\"findingSelector\":");
      if (r.findingSelector() == null) {
        out.append("null");
      } else {
        string(out, r.findingSelector());
      }
      out.append(",\"id\":");
      string(out, r.id());
      out.append(",\"messageTemplate\":");
      string(out, r.messageTemplate());
      out.append('}');
    }
    out.append("],\"version\":").append(version).append('}');
    return out.toString();
  }

  // RFC 8785 section 3.2.2.2: escape '"', '\' and control characters, short forms where JSON
  // has them, everything else as is.
  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
