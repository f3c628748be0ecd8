package dev.scangate.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tricky vectors per scheme, written as ascending chains: every version must sort strictly
 * before every later one, in both directions, and after shuffling the chain sorts back into the
 * same order.
 */
class VersionSchemeTest {

  @Test
  void dpkgFollowsDebianPolicy() {
    assertAscending(VersionScheme.DPKG, "1.0~rc1", "1.0");
    assertAscending(VersionScheme.DPKG, "2.0", "1:0.9");
    assertAscending(VersionScheme.DPKG, "2.36-9+deb12u3", "2.36-9+deb12u14");
    assertAscending(VersionScheme.DPKG, "2.0-1", "1:1.0-1");
    // the tilde sorts before everything, even the end of the part; letters before non-letters
    assertAscending(VersionScheme.DPKG, "1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a", "1.0+",
        "1.0.");
    // backports and security updates sort before the release they were made from
    assertAscending(VersionScheme.DPKG, "3.20230808.1~deb11u1", "3.20230808.1~deb12u1",
        "3.20230808.1");
    assertAscending(VersionScheme.DPKG, "1.0-1~bpo11+1", "1.0-1", "1.0-1+b1", "1.0-1.1");
    assertEquivalent(VersionScheme.DPKG, "1.0", "1.0-0");
    assertEquivalent(VersionScheme.DPKG, "1.00", "1.0");
    assertEquivalent(VersionScheme.DPKG, "0:1.0", "1.0");
  }

  @Test
  void dpkgRejectsWhatDpkgCannotParse() {
    for (String invalid : List.of("", "1.0 1", "a:1.0", "1:", "1.0-", "-1", ":1.0")) {
      assertThatThrownBy(() -> VersionScheme.DPKG.compare(invalid, "1.0"))
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining("\"" + invalid + "\"")
          .hasMessageContaining("example");
    }
  }

  @Test
  void rpmFollowsRpmvercmpIncludingTildeAndCaret() {
    assertAscending(VersionScheme.RPM, "1.0~rc1", "1.0", "1.0^git1", "1.0.1");
    assertAscending(VersionScheme.RPM, "1.0~rc1~git123", "1.0~rc1", "1.0~rc1^git1", "1.0");
    assertAscending(VersionScheme.RPM, "1.0^git1~pre", "1.0^git1", "1.0^git2", "1.01");
    assertAscending(VersionScheme.RPM, "2.0-1", "1:1.0-1");
    assertAscending(VersionScheme.RPM, "3.0.7-27.el9", "1:3.0.7-27.el9", "1:3.0.7-28.el9");
    assertAscending(VersionScheme.RPM, "2.34-100.el9", "2.34-100.el9_4.2");
    // a release sorts after none (rpm 4.18's rpm.vercmp)
    assertAscending(VersionScheme.RPM, "1.0", "1.0-1", "1:1.0");
    assertEquivalent(VersionScheme.RPM, "0:1.0-1", "1.0-1");
    assertEquivalent(VersionScheme.RPM, "10.0001", "10.1");
  }

  @Test
  void rpmRejectsAnEpochThatIsNotANumber() {
    assertThatThrownBy(() -> VersionScheme.RPM.compare("a:1.0", "1.0"))
        .isInstanceOf(InvalidVersionException.class).hasMessageContaining("\"a:1.0\"");
    assertThatThrownBy(() -> VersionScheme.RPM.compare("1:", "1.0"))
        .isInstanceOf(InvalidVersionException.class);
  }

  /**
   * apk-tools orders the {@code _p} suffix (a patch level of the version) after the {@code -r}
   * package revision: {@code 1.2.3-r1 < 1.2.3_p1}, not the other way round. Vectors from
   * apk-tools' test/version.data.
   */
  @Test
  void apkOrdersSuffixesAndRevisionsAsApkTools() {
    assertAscending(VersionScheme.APK, "1.2.3_rc1", "1.2.3", "1.2.3-r1", "1.2.3_p1");
    assertAscending(VersionScheme.APK, "1.1_alpha", "1.1_beta", "1.1_pre", "1.1_rc", "1.1",
        "1.1_cvs", "1.1_svn", "1.1_git", "1.1_hg", "1.1_p");
    assertAscending(VersionScheme.APK, "1.0_alpha-r0", "1.0_rc1-r0", "1.0-r0", "1.0_p1-r0");
    assertAscending(VersionScheme.APK, "0.1.0_alpha_pre2", "0.1.0_alpha", "0.1.0_alpha2");
    assertAscending(VersionScheme.APK, "4.5_p1", "4.5_p1-r1");
    assertAscending(VersionScheme.APK, "1.8.5", "1.8.5_p2");
    assertAscending(VersionScheme.APK, "1.0_p9-r0", "1.0_p10-r0");
    assertAscending(VersionScheme.APK, "1.3_pre1-r1", "1.3.2");
    assertAscending(VersionScheme.APK, "1.2", "1.2.1", "1.2.12.1", "1.2.13");
    assertAscending(VersionScheme.APK, "2.5.1-r8", "2.5.1a-r1");
    assertAscending(VersionScheme.APK, "1.7", "1.7b", "1.8.4-r3");
    assertAscending(VersionScheme.APK, "1.06-r6", "006");
    assertAscending(VersionScheme.APK, "0.20070118", "0.20070207_rc1", "1.0");
    assertAscending(VersionScheme.APK, "1.0.0_pre20191002222144-r0",
        "1.0.0_pre20210530193627-r0");
    assertAscending(VersionScheme.APK, "10.4.25-r0", "10.5.16-r0", "10.6.8-r0");
    assertEquivalent(VersionScheme.APK, "2.16.1-r3", "2.16.1-r3");
  }

  /**
   * A faithful port keeps apk-tools 2.x's quirk: after a component that is only zeros the
   * tokenizer stays in the digit state, so a bare {@code 1.0_alpha} sorts after {@code 1.0}.
   * Alpine packages and OSV's Alpine records always carry {@code -rN}, where the order is right.
   */
  @Test
  void apkKeepsApkToolsOrderAfterAZeroComponent() {
    assertThat(VersionScheme.APK.compare("1.0_alpha", "1.0")).isPositive();
    assertThat(VersionScheme.APK.compare("1.0_alpha-r0", "1.0-r0")).isNegative();
  }

  @Test
  void apkRejectsVersionsApkToolsRejects() {
    for (String invalid : List.of("", "1.0-foo", "1.0_foo", "1.0bc", "1.2a.3", "1.0~1", "1.0 ")) {
      assertThat(VersionScheme.APK.isValid(invalid)).as(invalid).isFalse();
    }
  }

  @Test
  void mavenFollowsComparableVersion() {
    assertAscending(VersionScheme.MAVEN, "1.0-alpha-1", "1.0-beta", "1.0-milestone-1",
        "1.0-rc1", "1.0-SNAPSHOT", "1.0", "1.0-sp1");
    assertAscending(VersionScheme.MAVEN, "1.0.0-RC1", "1.0.0");
    assertAscending(VersionScheme.MAVEN, "2.12.2", "2.13.0", "2.14.1", "2.15.0", "2.17.1");
    assertEquivalent(VersionScheme.MAVEN, "1.0.0", "1");
    assertEquivalent(VersionScheme.MAVEN, "1.0-cr1", "1.0-rc1");
    assertEquivalent(VersionScheme.MAVEN, "1.0-ga", "1.0");
    assertEquivalent(VersionScheme.MAVEN, "1.0-final", "1.0");
    assertEquivalent(VersionScheme.MAVEN, "1.0.0.RELEASE", "1.0.0");
  }

  @Test
  void npmFollowsSemverPrecedence() {
    assertAscending(VersionScheme.NPM, "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
        "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
    assertAscending(VersionScheme.NPM, "3.1.1-canary.20211030", "3.5.3");
    assertEquivalent(VersionScheme.NPM, "1.0.0+build.1", "1.0.0+build.2");
  }

  @Test
  void semverRejectsWhatSemverDoesNotAllow() {
    for (String invalid : List.of("1.2", "1.0.0-01", "01.0.0", "1.0.0-", "latest", "")) {
      assertThat(VersionScheme.SEMVER.isValid(invalid)).as(invalid).isFalse();
      assertThat(VersionScheme.NPM.isValid(invalid)).as(invalid).isFalse();
    }
  }

  @Test
  void pep440OrdersDevPrePostAndLocalReleases() {
    assertAscending(VersionScheme.PEP440, "1.0.dev1", "1.0a1", "1.0b2.post3", "1.0rc1", "1.0",
        "1.0.post1", "1.1.dev0");
    assertAscending(VersionScheme.PEP440, "2.0", "1!0.5");
    assertAscending(VersionScheme.PEP440, "1.0a1.dev1", "1.0a1", "1.0a1.post1");
    assertAscending(VersionScheme.PEP440, "1.0.post1.dev1", "1.0.post1");
    assertAscending(VersionScheme.PEP440, "1.0", "1.0+abc", "1.0+abc.1", "1.0+1", "1.0+2");
    assertAscending(VersionScheme.PEP440, "1.9", "1.10");
    assertEquivalent(VersionScheme.PEP440, "1.0", "1.0.0");
    assertEquivalent(VersionScheme.PEP440, "1.0-1", "1.0.post1");
    assertEquivalent(VersionScheme.PEP440, "1.0c1", "1.0rc1");
    assertEquivalent(VersionScheme.PEP440, "1.0alpha1", "1.0a1");
    assertEquivalent(VersionScheme.PEP440, "v1.0", "1.0");
  }

  @Test
  void pep440RejectsNonPep440Versions() {
    assertThatThrownBy(() -> VersionScheme.PEP440.compare("1.0-foo-bar", "1.0"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("\"1.0-foo-bar\"");
    assertThat(VersionScheme.PEP440.isValid("2023.10.1")).isTrue();
    assertThat(VersionScheme.PEP440.isValid("latest")).isFalse();
  }

  @Test
  void goComparesModuleVersionsPseudoVersionsAndOsvsStdlibVersions() {
    assertAscending(VersionScheme.GO, "v0.0.0-20220101000000-abcdefabcdef",
        "0.0.0-20220906165146-f3363e06e74c", "v0.23.0");
    // a pseudo-version based on v1.2.3 sorts between v1.2.3 and v1.2.4
    assertAscending(VersionScheme.GO, "v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5",
        "v1.2.4");
    // OSV writes Go release branches as pre-release 0 of the .0 release
    assertAscending(VersionScheme.GO, "1.18.6", "1.19.0-0", "1.19.0", "1.19.1");
    assertEquivalent(VersionScheme.GO, "v1.2.3", "1.2.3");
    assertEquivalent(VersionScheme.GO, "v2.0.0+incompatible", "v2.0.0");
  }

  private static void assertAscending(VersionScheme scheme, String... versions) {
    for (int i = 0; i < versions.length; i++) {
      for (int j = i + 1; j < versions.length; j++) {
        assertThat(scheme.compare(versions[i], versions[j]))
            .as("%s: %s < %s", scheme, versions[i], versions[j]).isNegative();
        assertThat(scheme.compare(versions[j], versions[i]))
            .as("%s: %s > %s", scheme, versions[j], versions[i]).isPositive();
      }
    }
    List<String> shuffled = new ArrayList<>(List.of(versions));
    Collections.reverse(shuffled);
    Collections.swap(shuffled, 0, shuffled.size() / 2);
    shuffled.sort(scheme.comparator());
    assertThat(shuffled).containsExactly(versions);
  }

  private static void assertEquivalent(VersionScheme scheme, String a, String b) {
    assertThat(scheme.compare(a, b)).as("%s: %s == %s", scheme, a, b).isZero();
    assertThat(scheme.compare(b, a)).as("%s: %s == %s", scheme, b, a).isZero();
  }
}
