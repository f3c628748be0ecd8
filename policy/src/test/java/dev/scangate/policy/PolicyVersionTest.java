package dev.scangate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyVersionTest {

  private static final Rule SCANNED = new Rule("scanned", "The image has been scanned",
      Action.DENY, "!scan.present", "never \"scanned\"\n");

  @Test
  void digestIsStableAndCoversEveryRuleField() {
    PolicyVersion v = new PolicyVersion("p", 1, List.of(SCANNED));

    assertThat(v.digest()).isEqualTo(new PolicyVersion("p", 1, List.of(SCANNED)).digest())
        .matches("sha256:[0-9a-f]{64}");
    assertThat(new PolicyVersion("p", 2, List.of(SCANNED)).digest()).isNotEqualTo(v.digest());
    assertThat(new PolicyVersion("p", 1, List.of(new Rule("scanned", "The image has been scanned",
        Action.WARN, "!scan.present", "never \"scanned\"\n"))).digest()).isNotEqualTo(v.digest());
  }

  @Test
  void canonicalJsonSortsKeysAndEscapesStrings() {
    assertThat(new PolicyVersion("p", 1, List.of(SCANNED)).canonicalJson()).isEqualTo(
        "{\"policyName\":\"p\",\"rules\":[{\"action\":\"DENY\",\"description\":\"The image has been scanned\","
            + "\"expression\":\"!scan.present\",\"findingSelector\":null,\"id\":\"scanned\","
            + "\"messageTemplate\":\"never \\\"scanned\\\"\\n\"}],\"version\":1}");
  }

  @Test
  void rejectsDuplicateRuleIdsAndInvalidIds() {
    assertThatThrownBy(() -> new PolicyVersion("p", 1, List.of(SCANNED, SCANNED)))
        .hasMessageContaining("two rules with id \"scanned\"");
    assertThatThrownBy(() -> new Rule("No Spaces", "", Action.DENY, "true", "m"))
        .hasMessageContaining("invalid rule id \"No Spaces\"");
  }

  @Test
  void selectorRuleWithoutExpressionFailsWhenAnyFindingIsSelected() {
    Rule rule = new Rule("crit", "Critical findings", Action.DENY, null, null, "f.severity == 'CRITICAL'");

    assertThat(rule.expression()).isEqualTo("size(selected) > 0");
    assertThat(rule.messageTemplate()).isEqualTo("Critical findings");
  }

  @Test
  void parsesPolicyJsonAndRejectsUnknownKeys() {
    PolicyJson json = new PolicyJson();

    PolicyVersion v = json.parse("{\"policyName\":\"p\",\"version\":2,\"rules\":[{\"id\":\"crit\","
        + "\"action\":\"WARN\",\"findingSelector\":\"f.severity == 'CRITICAL'\"}]}");
    assertThat(v.version()).isEqualTo(2);
    assertThat(v.rules().get(0).findingSelector()).isEqualTo("f.severity == 'CRITICAL'");

    assertThatThrownBy(() -> json.parse("{\"policyName\":\"p\",\"version\":1,\"rules\":[{\"id\":\"crit\","
        + "\"action\":\"DENY\",\"selector\":\"true\"}]}"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("policy.rules[0] has unknown key \"selector\"");
    assertThatThrownBy(() -> json.parse("{\"policyName\":\"p\",\"version\":1,\"rules\":[{\"id\":\"x\","
        + "\"action\":\"BLOCK\",\"expression\":\"true\"}]}"))
        .hasMessageContaining("policy.rules[0].action is \"BLOCK\": expected DENY or WARN");
    assertThatThrownBy(() -> json.parse("{\"policyName\":\"p\",\"version\":1,\"rules\":["))
        .hasMessageStartingWith("policy is not valid JSON");
  }
}
