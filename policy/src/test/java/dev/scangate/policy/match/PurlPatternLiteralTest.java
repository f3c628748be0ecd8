package dev.scangate.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The check of a pattern's literal part never changes what a pattern matches. */
class PurlPatternLiteralTest {

  private static final List<String> PATTERNS = List.of(
      "pkg:maven/org.apache.logging.log4j/*", "pkg:maven/org.apache.logging.log4j/log4j-core",
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.*", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      "pkg:deb/debian/openssl", "pkg:DEB/debian/openssl", "pkg:npm/*", "pkg:npm/**", "pkg:npm/@angular/*",
      "pkg:npm/%40angular/core", "pkg:*/debian/openssl", "pkg:*/**", "pkg:maven/**/log4j-core",
      "pkg:golang/github.com/x/*@v0.*", "pkg:generic/a");

  private static final List<String> PURLS = List.of(
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core",
      "PKG:MAVEN/org.apache.logging.log4j/log4j-core@2.14.1?type=jar", "pkg:Maven/org.apache.logging.log4j/log4j-api@2.17.2#sub/path",
      "pkg:maven/org.apache.logging/log4j-core@2.14.1", "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64",
      "PKG:DEB/debian/openssl@3.0.11", "pkg:deb/debian/OpenSSL@3.0.11", "pkg:rpm/debian/openssl@3",
      "pkg:npm/%40angular/core@17.0.0", "pkg:npm/@angular/core@17.0.0", "pkg:npm/lodash@4.17.20",
      "pkg:golang/github.com/x/net@v0.17.0", "pkg:golang/github.com/x/net@v1.0.0", "pkg:generic/a?x=/b",
      "pkg:generic/a#x/b", "pkg:generic", "pkg:generic?q=/generic/a", "not-a-purl", "", "pkg:/a",
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1@x");

  @Test
  void matchesWhatTheGlobOverTheCandidateMatches() {
    for (String pattern : PATTERNS) {
      PurlPattern parsed = PurlPattern.parse(pattern);
      for (String purl : PURLS) {
        assertThat(parsed.matches(purl)).as(pattern + " ~ " + purl).isEqualTo(reference(pattern, purl));
      }
    }
  }

  @Test
  void literalPartTurnsAwayOtherNamespacesAndKeepsMatches() {
    PurlPattern log4j = PurlPattern.parse("pkg:maven/org.apache.logging.log4j/*");
    assertThat(log4j.matches("PKG:Maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar")).isTrue();
    assertThat(log4j.matches("pkg:maven/org.apache.logging.log4jx/log4j-core@2.14.1")).isFalse();
  }

  /** Matching without the literal check: the glob over the purl cut down to what the pattern sees. */
  private static boolean reference(String pattern, String purl) {
    if (!purl.regionMatches(true, 0, "pkg:", 0, 4)) {
      return false;
    }
    int hash = purl.indexOf('#');
    String s = hash < 0 ? purl : purl.substring(0, hash);
    int question = s.indexOf('?');
    String candidate = question < 0 ? s : s.substring(0, question);
    boolean withVersion = pattern.lastIndexOf('@') > pattern.lastIndexOf('/');
    int at = candidate.lastIndexOf('@');
    if (!withVersion && at > candidate.lastIndexOf('/')) {
      candidate = candidate.substring(0, at);
    }
    return Glob.parse(lowerType(pattern)).matches(lowerType(candidate));
  }

  private static String lowerType(String s) {
    int slash = s.indexOf('/');
    return slash < 0 ? s : s.substring(0, slash).toLowerCase(Locale.ROOT) + s.substring(slash);
  }
}
