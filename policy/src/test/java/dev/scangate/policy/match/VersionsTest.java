package dev.scangate.policy.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
      "2.14.1, 2.17.0",
      "1.9, 1.10",
      "1.09, 1.10",
      "1.0, 1.01",
      "1.0.0-RC1, 1.0.0",
      "1.0-alpha, 1.0-beta",
      "1.0-beta-2, 1.0-rc1",
      "1.0-rc1, 1.0-SNAPSHOT",
      "1.0-SNAPSHOT, 1.0",
      "1.0, 1.0-sp1",
      "1.0-sp1, 1.0.1",
      "2.0, 1:1.0",
      "2.36-9+deb12u3, 2.36-9+deb12u14",
      "v1.2.3, v1.2.4",
      "5.3.9, 5.4.0.Final",
  })
  void ordersVersions(String lower, String higher) {
    assertThat(LooseVersion.compare(lower, higher)).isNegative();
    assertThat(LooseVersion.compare(higher, lower)).isPositive();
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource({"1.0, 1.0.0", "1.0-rc1, 1.0.0-RC1", "5.4.0.Final, 5.4", "v2.1, 2.1", "01.2, 1.2",
      "1.007, 1.7", "1.00, 1.0", "000.1, 0.1", "2024.01.05, 2024.1.5"})
  void treatsEquivalentSpellingsAsEqual(String a, String b) {
    assertThat(LooseVersion.compare(a, b)).isZero();
  }

  @ParameterizedTest(name = "{1} in {0}: {2}")
  @CsvSource(delimiter = ';', value = {
      "[2.0,2.17.1); 2.14.1; true",
      "[2.0,2.17.1); 2.17.1; false",
      "[2.0,2.17.1); 2.0; true",
      "(2.0,2.17.1); 2.0; false",
      "(,1.0]; 1.0; true",
      "[1.5,); 99; true",
      "[1.2.3]; 1.2.3; true",
      "[1.0,2.0),[3.0,3.1); 3.0.5; true",
      "[1.0,2.0),[3.0,3.1); 2.5; false",
      ">=2.0.0, <2.17.1; 2.16.0; true",
      ">=2.0.0 <2.17.1; 2.17.1; false",
      "<1.2.3 || >=2.0 <2.0.4; 2.0.3; true",
      "<1.2.3 || >=2.0 <2.0.4; 1.5; false",
      "!=1.0; 1.0.0; false",
      "=1.0; 1.0.0; true",
  })
  void decidesRangeMembership(String range, String version, boolean expected) {
    assertThat(VersionRange.parse(range).contains(version)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"[2.0,2.17.1; not closed", "(1.0); exact version", "(,); lower or an upper",
      ">=; comparator", "~1.0; comparator", "' '; empty"})
  void rejectsMalformedRangesQuotingThem(String range, String problem) {
    assertThatThrownBy(() -> VersionRange.parse(range))
        .isInstanceOf(InvalidPatternException.class)
        .hasMessageContaining("\"" + range + "\"")
        .hasMessageContaining(problem);
  }
}
