package dev.scangate.osv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our comparators against the ecosystems' own tools: each line of
 * {@code osv/versions/<scheme>.tsv} is a pair and the sign the real tool gave (dpkg, rpm,
 * Python's packaging, node-semver, Maven's ComparableVersion), recorded by
 * {@code src/test/scripts/version-oracles.sh}.
 */
class VersionSchemeOracleTest {

  static List<Arguments> recordedComparisons() throws IOException {
    List<Arguments> arguments = new ArrayList<>();
    addAll(arguments, "dpkg", VersionScheme.DPKG);
    addAll(arguments, "rpm", VersionScheme.RPM);
    addAll(arguments, "pep440", VersionScheme.PEP440);
    addAll(arguments, "semver", VersionScheme.SEMVER);
    addAll(arguments, "maven", VersionScheme.MAVEN);
    return arguments;
  }

  private static void addAll(List<Arguments> arguments, String file, VersionScheme scheme)
      throws IOException {
    String tool = null;
    try (InputStream in = VersionSchemeOracleTest.class
        .getResourceAsStream("/osv/versions/" + file + ".tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#")) {
          tool = tool == null ? line.substring(1).strip() : tool;
          continue;
        }
        String[] fields = line.split("\t");
        arguments.add(Arguments.of(scheme, fields[0], fields[1], Integer.parseInt(fields[2]),
            tool));
      }
    }
  }

  @ParameterizedTest(name = "{0}: {1} vs {2} is {3} as in {4}")
  @MethodSource("recordedComparisons")
  void agreesWithTheEcosystemsOwnTool(VersionScheme scheme, String a, String b, int expected,
      String tool) {
    assertThat(Integer.signum(scheme.compare(a, b))).isEqualTo(expected);
    assertThat(Integer.signum(scheme.compare(b, a))).isEqualTo(-expected);
  }
}
