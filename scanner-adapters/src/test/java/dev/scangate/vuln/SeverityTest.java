package dev.scangate.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeverityTest {

  @Test
  void labelsOfScannersAndVendorsMapToOneScale() {
    assertThat(Severity.fromLabel("Critical")).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.fromLabel("Important")).isEqualTo(Severity.HIGH);
    assertThat(Severity.fromLabel("moderate")).isEqualTo(Severity.MEDIUM);
    assertThat(Severity.fromLabel("LOW")).isEqualTo(Severity.LOW);
    assertThat(Severity.fromLabel("Negligible")).isEqualTo(Severity.NEGLIGIBLE);
    assertThat(Severity.fromLabel("unimportant")).isEqualTo(Severity.NEGLIGIBLE);
    assertThat(Severity.fromLabel("UNKNOWN")).isEqualTo(Severity.UNKNOWN);
    assertThat(Severity.fromLabel("")).isEqualTo(Severity.UNKNOWN);
    assertThat(Severity.fromLabel(null)).isEqualTo(Severity.UNKNOWN);
    assertThat(Severity.fromTrivyLevel(4)).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.fromTrivyLevel(0)).isEqualTo(Severity.UNKNOWN);
  }

  @Test
  void cvssScoresUseTheQualitativeRatingBandsOfTheirVersion() {
    assertThat(Severity.fromCvssScore(9.0)).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.fromCvssScore(8.9)).isEqualTo(Severity.HIGH);
    assertThat(Severity.fromCvssScore(4.0)).isEqualTo(Severity.MEDIUM);
    assertThat(Severity.fromCvssScore(0.1)).isEqualTo(Severity.LOW);
    assertThat(Severity.fromCvssScore(0.0)).isEqualTo(Severity.NEGLIGIBLE);
    assertThat(Severity.fromCvssV2Score(10.0)).isEqualTo(Severity.HIGH);
    assertThatThrownBy(() -> Severity.fromCvssScore(10.5))
        .hasMessage("a CVSS base score is between 0.0 and 10.0, got 10.5");
  }

  @Test
  void scoresAreComputedFromVectorsOfEveryVersion() {
    assertThat(Cvss.ofVector("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", null, "nvd")
        .computedBaseScore()).hasValue(7.8);
    assertThat(Cvss.ofVector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", null, "nvd")
        .computedBaseScore()).hasValue(9.8);
    assertThat(Cvss.ofVector("AV:L/AC:L/Au:N/C:C/I:C/A:C", null, "nvd").computedBaseScore())
        .hasValue(7.2);
    assertThat(Cvss.ofVector(
        "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 6.3, "ghsa")
        .computedBaseScore()).hasValue(6.3);
    // a truncated vector is no rating
    assertThat(Cvss.ofVector("CVSS:3.1/AV:N/AC:L", 9.8, "nvd").computedBaseScore()).isEmpty();
    assertThatThrownBy(() -> Cvss.ofVector("AV:N", null, null))
        .hasMessageStartingWith("not a CVSS vector: \"AV:N\"");
  }
}
