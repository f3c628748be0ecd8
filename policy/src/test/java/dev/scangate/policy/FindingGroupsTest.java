package dev.scangate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FindingGroupsTest {

  private static final List<List<List<String>>> PATH_SETS = List.of(
      List.of(List.of("id")), List.of(List.of("aliases")), List.of(List.of("severity")),
      List.of(List.of("cvss")), List.of(List.of("fixAvailable")), List.of(List.of("fixedVersions")),
      List.of(List.of("scanners")), List.of(List.of("waived")), List.of(List.of("waiverId")),
      List.of(List.of("pkg")), List.of(List.of("pkg", "purl")), List.of(List.of("pkg", "name")),
      List.of(List.of("pkg", "type"), List.of("pkg", "version")),
      List.of(List.of("cvss"), List.of("severity")));

  @Test
  void findingsShareAGroupExactlyWhenTheirCelValuesAgreeOnEveryPath() {
    List<FindingFacts> findings = findings(3000);
    List<Map<String, Object>> values = new ArrayList<>();
    findings.forEach(f -> values.add(InputValues.finding(f)));
    for (List<List<String>> paths : PATH_SETS) {
      FindingGroups groups = new FindingGroups(findings, values, paths);
      // the reference: group by the values CEL sees, read through the maps
      Map<List<Object>, Integer> reference = new HashMap<>();
      Map<Integer, Integer> referenceToActual = new HashMap<>();
      // ask in a scrambled order: groups are assigned on first use
      for (int k = 0; k < findings.size(); k++) {
        int i = (k * 7919) % findings.size();
        List<Object> key = new ArrayList<>();
        for (List<String> path : paths) {
          key.add(valueAt(values.get(i), path));
        }
        int expected = reference.computeIfAbsent(key, x -> reference.size());
        int actual = groups.group(i);
        assertThat(referenceToActual.computeIfAbsent(expected, x -> actual))
            .as("group of finding %d by %s", i, paths).isEqualTo(actual);
        assertThat(groups.group(i)).isEqualTo(actual);
      }
      assertThat(referenceToActual.values()).as("distinct groups by %s", paths)
          .doesNotHaveDuplicates().hasSize(reference.size());
    }
  }

  @Test
  void withoutPathsEveryFindingIsItsOwnGroup() {
    List<FindingFacts> findings = findings(50);
    FindingGroups groups = new FindingGroups(findings, List.of(), null);
    for (int i = 0; i < findings.size(); i++) {
      assertThat(groups.group(i)).isEqualTo(i);
    }
  }

  private static Object valueAt(Map<String, Object> finding, List<String> path) {
    Object current = finding;
    for (String key : path) {
      current = current instanceof Map ? ((Map<?, ?>) current).get(key) : null;
    }
    return current;
  }

  /** Findings with few distinct values per field, so that groups are shared. */
  private static List<FindingFacts> findings(int n) {
    Random random = new Random(7);
    List<FindingFacts> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int p = random.nextInt(300);
      PackageFacts pkg = new PackageFacts("package-" + (p % 40), "1." + (p % 7), p % 2 == 0 ? "npm" : "maven",
          "pkg:" + (p % 2 == 0 ? "npm" : "maven") + "/ns/package-" + p + "@1." + (p % 7));
      Severity severity = Severity.values()[random.nextInt(5)];
      boolean fix = random.nextBoolean();
      FindingFacts f = new FindingFacts("CVE-" + random.nextInt(700),
          random.nextBoolean() ? List.of("GHSA-" + random.nextInt(5)) : List.of(), severity,
          random.nextInt(4) == 0 ? null : random.nextInt(20) / 2.0, fix,
          fix ? List.of("2." + random.nextInt(3)) : List.of(), pkg,
          Arrays.asList("grype", "trivy").subList(0, 1 + random.nextInt(2)), false, null);
      out.add(random.nextInt(10) == 0 ? f.waivedBy("W-" + random.nextInt(3)) : f);
    }
    return out;
  }
}
