package dev.scangate.policy.waiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.policy.Inputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WaiverIndexTest {

  /** Ids in several spellings, some with letters whose cases lie outside ASCII. */
  private static final List<String> IDS = List.of("CVE-2021-44228", "cve-2021-44228",
      "Cve-2021-44228", "GHSA-jfh8-c2jp-5v3q", "ghsa-JFH8-C2JP-5V3Q", "CVE-2021-4422", "CVE-2021-442288",
      "", "-", "DSA-5000-1", "dsa-5000-1", "ID-ı", "ID-I", "ID-i", "ID-K", "ID-\u212a", "ID-k",
      "ID-ſ", "ID-S", "ID-µ", "ID-Μ", "ID-μ", "ID-ß", "ID-SS", "ID-\ud801\udc00", "ID-\ud801\udc28",
      "ID-\ud801", "ÉTÉ-1", "été-1");

  @Test
  void findsWhatACaseInsensitiveTreeMapFinds() {
    List<Waiver> waivers = new ArrayList<>();
    // a waiver for every other spelling, so that lookups both hit and miss
    for (int k = 0; k < IDS.size(); k += 2) {
      waivers.add(waiver("W-" + (100 + k), IDS.get(k)));
      waivers.add(waiver("W-" + (99 - k), IDS.get(k)));
    }
    Map<String, List<Waiver>> expected = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    waivers.stream().sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(w -> expected.computeIfAbsent(w.vulnerabilityId(), k -> new ArrayList<>()).add(w));

    WaiverIndex index = new WaiverIndex(waivers);

    for (String id : IDS) {
      assertThat(index.get(id)).as(id).isEqualTo(expected.get(id));
    }
    assertThat(index.get("CVE-2021-44228")).extracting(Waiver::id).isSortedAccordingTo(String::compareTo);
    assertThat(new WaiverIndex(List.of()).isEmpty()).isTrue();
    assertThat(new WaiverIndex(List.of()).get("CVE-2021-44228")).isNull();
  }

  @Test
  void hashIsEqualForIdsTheCaseInsensitiveOrderFindsEqual() {
    for (String a : IDS) {
      for (String b : IDS) {
        if (String.CASE_INSENSITIVE_ORDER.compare(a, b) == 0) {
          assertThat(WaiverIndex.hash(a)).as(a + " / " + b).isEqualTo(WaiverIndex.hash(b));
        }
      }
    }
  }

  private static Waiver waiver(String id, String vulnerability) {
    return new Waiver(id, vulnerability, null, null, null, "accepted", "alice",
        Inputs.NOW.plus(Duration.ofDays(1)), "bob", false);
  }
}
