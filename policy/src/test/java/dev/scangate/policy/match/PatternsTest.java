package dev.scangate.policy.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternsTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "pkg:maven/org.apache.logging.log4j/*, pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1, true",
      "pkg:maven/org.apache.logging.log4j/*, pkg:maven/org.apache.logging.log4j/log4j-core, true",
      "pkg:maven/org.apache.logging.log4j/*, pkg:maven/org.apache.logging/log4j-core@2.14.1, false",
      "pkg:maven/org.apache.logging.log4j/log4j-core, pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar, true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1, pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar, true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.*, pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0, false",
      "pkg:npm/*, pkg:npm/%40angular/core@17.0.0, false",
      "pkg:npm/**, pkg:npm/%40angular/core@17.0.0, true",
      "pkg:npm/@angular/*, pkg:npm/@angular/core@17.0.0, true",
      "pkg:deb/debian/openssl, PKG:DEB/debian/openssl@3.0.11-1~deb12u2?arch=amd64, true",
      "pkg:deb/debian/openssl, pkg:deb/debian/OpenSSL@3.0.11, false",
      "pkg:deb/debian/openssl, not-a-purl, false",
  })
  void matchesPackageUrls(String pattern, String purl, boolean expected) {
    assertThat(PurlPattern.parse(pattern).matches(purl)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"maven/log4j/*; starts with pkg:", "pkg:maven; names a type",
      "pkg:/x; names a type", "pkg:maven/a/b?type=jar; qualifiers"})
  void rejectsMalformedPurlPatterns(String pattern, String problem) {
    assertThatThrownBy(() -> PurlPattern.parse(pattern))
        .isInstanceOf(InvalidPatternException.class)
        .hasMessageContaining("\"" + pattern + "\"")
        .hasMessageContaining(problem)
        .hasMessageContaining("example: pkg:maven/org.apache.logging.log4j/*");
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "team-a/*, team-a/api, true",
      "team-a/*, team-a/sub/api, false",
      "team-a/**, team-a/sub/api, true",
      "team-?/api, team-b/api, true",
      "library/nginx, library/nginx, true",
      "library/nginx, library/nginx-unprivileged, false",
      "a.b/*, axb/c, false",
  })
  void matchesGlobs(String glob, String text, boolean expected) {
    assertThat(Glob.parse(glob).matches(text)).isEqualTo(expected);
  }
}
