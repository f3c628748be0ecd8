package dev.scangate.osv;

import static dev.scangate.osv.OsvFixtures.osPkg;
import static dev.scangate.osv.OsvFixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.packageurl.PackageURL;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Acceptance-shaped: the real OSV fixture records against packages as our catalogers make them. */
class OsvMatcherTest {

  private static final Distro BOOKWORM = new Distro("debian", "12", null, "bookworm", null);
  private static final Distro WHEEZY = new Distro("debian", "7", null, "wheezy", null);

  private final OsvMatcher matcher = new OsvMatcher(AdvisoryIndex.of(OsvFixtures.matchable()));

  @Test
  void log4ShellMatchesLog4jCore2141AndNot2171() {
    CatalogedPackage vulnerable = maven("org.apache.logging.log4j", "log4j-core", "2.14.1");
    CatalogedPackage patched = maven("org.apache.logging.log4j", "log4j-core", "2.17.1");

    OsvMatchReport report = matcher.match(List.of(vulnerable, patched));

    assertThat(report.matches()).singleElement().satisfies(m -> {
      assertThat(m.advisoryId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
      assertThat(m.purl()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
      assertThat(m.aliases()).containsExactly("CVE-2021-44228");
      assertThat(m.installedVersion()).isEqualTo("2.14.1");
      assertThat(m.fixedVersions()).containsExactly("2.15.0");
      assertThat(m.databaseSeverity()).isEqualTo("CRITICAL");
      assertThat(m.cvssBaseScore()).hasValue(10.0);
      assertThat(m.severity()).singleElement().extracting(OsvSeverity::score)
          .isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
      assertThat(m.ecosystem()).isEqualTo("Maven");
      assertThat(m.osvPackageName()).isEqualTo("org.apache.logging.log4j:log4j-core");
      assertThat(m.matchedRanges()).singleElement().extracting(OsvRange::events).asList()
          .containsExactly(OsvEvent.introduced("2.13.0"), OsvEvent.fixed("2.15.0"));
      assertThat(m.listedVersion()).isFalse();
    });
    assertThat(report.issues()).isEmpty();
  }

  @Test
  void log4ShellsOlderBranchesHaveTheirOwnFixes() {
    OsvMatchReport report = matcher.match(List.of(
        maven("org.apache.logging.log4j", "log4j-core", "2.3"),
        maven("org.apache.logging.log4j", "log4j-core", "2.12.1"),
        maven("org.apache.logging.log4j", "log4j-core", "2.12.2")));

    assertThat(report.matches()).extracting(OsvMatch::installedVersion, OsvMatch::fixedVersions)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2.3", List.of("2.3.1")),
            org.assertj.core.groups.Tuple.tuple("2.12.1", List.of("2.12.2")));
  }

  @Test
  void lodashBelowItsFixMatchesAndTheFixDoesNot() {
    OsvMatchReport report = matcher.match(List.of(npm(null, "lodash", "4.17.20"),
        npm(null, "lodash", "4.17.21"), npm(null, "lodash-es", "4.17.15")));

    assertThat(report.matches()).extracting(OsvMatch::advisoryId, OsvMatch::purl,
        OsvMatch::fixedVersions).containsExactly(
        org.assertj.core.groups.Tuple.tuple("GHSA-35jh-r3h4-6jhm", "pkg:npm/lodash@4.17.20",
            List.of("4.17.21")),
        org.assertj.core.groups.Tuple.tuple("GHSA-35jh-r3h4-6jhm", "pkg:npm/lodash-es@4.17.15",
            List.of("4.17.21")));
    assertThat(report.matches().get(0).aliases()).containsExactly("CVE-2021-23337");
    assertThat(report.matches().get(0).databaseSeverity()).isEqualTo("HIGH");
  }

  @Test
  void debianAdvisoriesMatchBySourcePackageAndRelease() {
    // intel-microcode on Debian 12: DSA-5474-1 lists Debian:11 and Debian:12
    CatalogedPackage microcode = deb("intel-microcode", "3.20230512.1~deb12u1", null, null,
        BOOKWORM);
    CatalogedPackage fixedMicrocode = deb("intel-microcode", "3.20230808.1~deb12u1", null,
        null, BOOKWORM);

    OsvMatchReport report = matcher.match(List.of(microcode, fixedMicrocode), BOOKWORM);

    assertThat(report.matches()).singleElement().satisfies(m -> {
      assertThat(m.advisoryId()).isEqualTo("DSA-5474-1");
      assertThat(m.component()).isSameAs(microcode);
      assertThat(m.ecosystem()).isEqualTo("Debian:12");
      assertThat(m.fixedVersions()).containsExactly("3.20230808.1~deb12u1");
    });
    // the same package on Debian 11 gets Debian 11's fix
    Distro bullseye = new Distro("debian", "11", null, "bullseye", null);
    assertThat(matcher.match(List.of(deb("intel-microcode", "3.20230512.1~deb11u1", null, null,
        bullseye)), bullseye).matches()).singleElement()
        .satisfies(m -> assertThat(m.fixedVersions()).containsExactly("3.20230808.1~deb11u1"));
    // and on Debian 10, which the advisory does not cover, nothing
    Distro buster = new Distro("debian", "10", null, "buster", null);
    assertThat(matcher.match(List.of(deb("intel-microcode", "3.20230512.1~deb10u1", null, null,
        buster)), buster).matches()).isEmpty();
  }

  @Test
  void aBinaryPackageMatchesByItsSourceNotByItsOwnName() {
    // nginx-full is built from nginx: DSA-3029-1 (Debian:7, source nginx) applies
    CatalogedPackage fromNginx = deb("nginx-full", "1.2.1-2.2+wheezy2", "nginx",
        "1.2.1-2.2+wheezy2", WHEEZY);
    // a package named nginx built from another source is not the nginx source package
    CatalogedPackage otherSource = deb("nginx", "1.2.1-2.2+wheezy2", "nginx-custom",
        "1.2.1-2.2+wheezy2", WHEEZY);
    // intel-microcode named binary, other source, on Debian 12
    CatalogedPackage microcodeOtherSource = deb("intel-microcode", "3.20230512.1~deb12u1",
        "vendor-firmware", "3.20230512.1~deb12u1", BOOKWORM);

    OsvMatchReport report = matcher.match(List.of(fromNginx, otherSource), WHEEZY);

    assertThat(report.matches()).singleElement().satisfies(m -> {
      assertThat(m.advisoryId()).isEqualTo("DSA-3029-1");
      assertThat(m.component()).isSameAs(fromNginx);
      assertThat(m.osvPackageName()).isEqualTo("nginx");
      assertThat(m.aliases()).containsExactly("CVE-2014-3616");
      assertThat(m.fixedVersions()).containsExactly("1.2.1-2.2+wheezy3");
    });
    assertThat(matcher.match(List.of(microcodeOtherSource), BOOKWORM).matches()).isEmpty();
  }

  @Test
  void debianComparesTheSourceVersion() {
    // a binNMU (+b1) of the vulnerable source version is still vulnerable, and the fixed
    // source version's binNMU is not
    CatalogedPackage binNmu = deb("nginx-light", "1.2.1-2.2+wheezy2+b1", "nginx",
        "1.2.1-2.2+wheezy2", WHEEZY);
    CatalogedPackage fixedBinNmu = deb("nginx-light", "1.2.1-2.2+wheezy3+b1", "nginx",
        "1.2.1-2.2+wheezy3", WHEEZY);

    assertThat(matcher.match(List.of(binNmu, fixedBinNmu), WHEEZY).matches())
        .extracting(OsvMatch::installedVersion).containsExactly("1.2.1-2.2+wheezy2");
  }

  @Test
  void osPackagesUseThePurlsDistroWhenTheImagesIsNotGiven() {
    CatalogedPackage microcode = deb("intel-microcode", "3.20230512.1~deb12u1", null, null,
        BOOKWORM);
    CatalogedPackage noDistro = osPkg(PackageType.DEB, "nginx", "1.2.1-2.2+wheezy2",
        "pkg:deb/debian/nginx@1.2.1-2.2%2Bwheezy2?arch=amd64", "nginx", "1.2.1-2.2+wheezy2");

    OsvMatchReport report = matcher.match(List.of(microcode, noDistro));

    assertThat(report.matches()).extracting(OsvMatch::advisoryId).containsExactly("DSA-5474-1");
    assertThat(report.issues()).singleElement().satisfies(issue -> {
      assertThat(issue.purl()).isEqualTo(noDistro.purl());
      assertThat(issue.reason()).contains("1 deb package(s) not matched",
          "distro is not known");
    });
  }

  @Test
  void alpineAdvisoriesMatchByOriginAndBranch() {
    Distro alpine316 = new Distro("alpine", "3.16.2", null, null, null);
    CatalogedPackage client = apk("mariadb-client", "10.6.7-r0", "mariadb", alpine316);
    CatalogedPackage fixed = apk("mariadb", "10.6.8-r0", "mariadb", alpine316);

    OsvMatchReport report = matcher.match(List.of(client, fixed), alpine316);

    assertThat(report.matches()).singleElement().satisfies(m -> {
      assertThat(m.advisoryId()).isEqualTo("CVE-2022-27449");
      assertThat(m.component()).isSameAs(client);
      assertThat(m.ecosystem()).isEqualTo("Alpine:v3.16");
      assertThat(m.fixedVersions()).containsExactly("10.6.8-r0");
    });
    Distro alpine317 = new Distro("alpine", "3.17.0", null, null, null);
    assertThat(matcher.match(List.of(apk("mariadb", "10.6.7-r0", "mariadb", alpine317)),
        alpine317).matches()).isEmpty();
  }

  @Test
  void goAdvisoriesMatchModulesAndTheStandardLibrary() {
    CatalogedPackage stdlib = pkg(PackageType.GOLANG, "stdlib", "go1.18.2",
        "pkg:golang/stdlib@1.18.2");
    CatalogedPackage newerStdlib = pkg(PackageType.GOLANG, "stdlib", "go1.22.1",
        "pkg:golang/stdlib@1.22.1");
    CatalogedPackage xnet = go("golang.org/x/net", "v0.0.0-20220826154423-83b083e8dc8b");
    CatalogedPackage awsSdk = go("github.com/aws/aws-sdk-go", "v1.33.0");
    CatalogedPackage fixedAwsSdk = go("github.com/aws/aws-sdk-go", "v1.34.0");

    OsvMatchReport report = matcher.match(List.of(stdlib, newerStdlib, xnet, awsSdk,
        fixedAwsSdk));

    Map<String, List<String>> found = new TreeMap<>();
    for (OsvMatch m : report.matches()) {
      found.put(m.purl() + " " + m.advisoryId(), m.fixedVersions());
    }
    assertThat(found).containsExactly(
        Map.entry("pkg:golang/github.com/aws/aws-sdk-go@v1.33.0 GHSA-f5pg-7wfw-84q9",
            List.of("1.34.0")),
        Map.entry("pkg:golang/golang.org/x/net@v0.0.0-20220826154423-83b083e8dc8b"
            + " GO-2022-0969", List.of("0.0.0-20220906165146-f3363e06e74c")),
        Map.entry("pkg:golang/golang.org/x/net@v0.0.0-20220826154423-83b083e8dc8b"
            + " GO-2024-2687", List.of("0.23.0")),
        // GitHub's record names the stdlib package net/http, and puts each release branch in
        // an affected entry of its own: only the range containing 1.18.2 gives its fix
        Map.entry("pkg:golang/stdlib@1.18.2 GHSA-4v7x-pqxf-cx7m", List.of("1.21.9")),
        // the Go database puts both branches in one range: both fixes are above 1.18.2
        Map.entry("pkg:golang/stdlib@1.18.2 GO-2022-0969", List.of("1.18.6", "1.19.1")),
        Map.entry("pkg:golang/stdlib@1.18.2 GO-2024-2687", List.of("1.21.9", "1.22.2")),
        Map.entry("pkg:golang/stdlib@1.22.1 GHSA-4v7x-pqxf-cx7m", List.of("1.22.2")),
        Map.entry("pkg:golang/stdlib@1.22.1 GO-2024-2687", List.of("1.22.2")));
    assertThat(report.issues()).isEmpty();
  }

  @Test
  void pypiAdvisoriesMatchByNormalizedNameAndListedVersions() {
    CatalogedPackage aiohttp = pkg(PackageType.PYPI, "aiohttp", "3.8.4",
        "pkg:pypi/aiohttp@3.8.4");
    CatalogedPackage old = pkg(PackageType.PYPI, "AioHTTP", "0.22.0b3",
        "pkg:pypi/AioHTTP@0.22.0b3");
    CatalogedPackage fixed = pkg(PackageType.PYPI, "aiohttp", "3.8.5", "pkg:pypi/aiohttp@3.8.5");

    OsvMatchReport report = matcher.match(List.of(aiohttp, old, fixed));

    assertThat(report.matches()).extracting(OsvMatch::advisoryId, OsvMatch::installedVersion,
        OsvMatch::listedVersion).containsExactly(
        org.assertj.core.groups.Tuple.tuple("PYSEC-2023-120", "3.8.4", true),
        org.assertj.core.groups.Tuple.tuple("PYSEC-2023-120", "0.22.0b3", true));
    assertThat(report.matches().get(0).aliases())
        .containsExactly("GHSA-45c4-8wx5-qw6w", "CVE-2023-37276");
    // last_affected gives no fixed version
    assertThat(report.matches().get(0).fixedVersions()).isEmpty();
  }

  @Test
  void withdrawnRecordsNeverMatch() throws Exception {
    OsvRecord original = OsvFixtures.record("GHSA-jfh8-c2jp-5v3q.json");
    // the real record with a withdrawn timestamp added (hand-edited for this test)
    OsvRecord withdrawn = new OsvRecordParser().parse(new String(
        OsvFixtures.bytes("GHSA-jfh8-c2jp-5v3q.json"), StandardCharsets.UTF_8)
        .replaceFirst("\"modified\": \"2022-03-25T20:56:18Z\",",
            "\"modified\": \"2024-01-01T00:00:00Z\", \"withdrawn\": \"2024-01-01T00:00:00Z\",")
        .getBytes(StandardCharsets.UTF_8));
    CatalogedPackage log4j = maven("org.apache.logging.log4j", "log4j-core", "2.14.1");

    // the withdrawal replaces the earlier version, in either order
    AdvisoryIndex index = AdvisoryIndex.builder().add(original).add(withdrawn).build();
    AdvisoryIndex reversed = AdvisoryIndex.builder().add(withdrawn).add(original).build();

    assertThat(new OsvMatcher(index).match(List.of(log4j)).matches()).isEmpty();
    assertThat(new OsvMatcher(reversed).match(List.of(log4j)).matches()).isEmpty();
    assertThat(index.withdrawnCount()).isEqualTo(1);
    assertThat(index.get("GHSA-jfh8-c2jp-5v3q")).get().extracting(OsvRecord::isWithdrawn)
        .isEqualTo(true);
    assertThat(new OsvMatcher(AdvisoryIndex.of(List.of(withdrawn))).match(List.of(log4j))
        .matches()).isEmpty();
  }

  @Test
  void listedVersionsAndRangesOfGitHubRecordsMatch() {
    OsvMatchReport report = matcher.match(List.of(
        maven("org.springframework.security.oauth", "spring-security-oauth", "2.0.16.RELEASE"),
        maven("org.springframework.security.oauth", "spring-security-oauth", "2.0.17"),
        maven("org.springframework.boot", "spring-boot", "1.5.9.RELEASE"),
        maven("org.springframework.boot", "spring-boot", "1.4.7.RELEASE")));

    assertThat(report.matches()).extracting(OsvMatch::advisoryId, OsvMatch::installedVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GHSA-77rv-6vfw-x4gc", "2.0.16.RELEASE"),
            org.assertj.core.groups.Tuple.tuple("GHSA-xx65-cc7g-9pfp", "1.5.9.RELEASE"));
  }

  @Test
  void aVersionTheSchemeCannotReadIsReportedNotMatched() {
    OsvMatchReport report = matcher.match(List.of(npm(null, "lodash", "latest")));

    assertThat(report.matches()).isEmpty();
    assertThat(report.issues()).singleElement().satisfies(issue -> {
      assertThat(issue.purl()).isEqualTo("pkg:npm/lodash@latest");
      assertThat(issue.reason()).contains("invalid npm version \"latest\"",
          "1 advisory entries for lodash not checked");
    });
  }

  @Test
  void reportsTheDatabaseVersion() {
    assertThat(matcher.id()).isEqualTo("osv");
    assertThat(matcher.databaseVersion())
        .isEqualTo("15 records, modified 2026-03-09T02:11:37.555571Z");
  }

  // Red Hat and Ubuntu: no real records in the fixtures; these are built in code in the shape
  // the OSV schema defines for those ecosystems.

  @Test
  void redHatRecordsMatchByBinaryOrSourceRpmInTheirStream() {
    OsvRecord rhsa = record("RHSA-TEST-1",
        affected("Red Hat:enterprise_linux:9::baseos", "openssl", "1:3.0.7-27.el9"),
        affected("Red Hat:rhel_eus:9.2::baseos", "openssl", "1:3.0.7-24.el9_2.1"),
        affected("Red Hat:openshift:4.14::el9", "openssl", "1:9.9.9-1.el9"));
    OsvRecord binary = record("RHSA-TEST-2",
        affected("Red Hat:enterprise_linux:9::baseos", "openssl-libs", "1:3.0.7-26.el9"));
    OsvMatcher redHat = new OsvMatcher(AdvisoryIndex.of(List.of(rhsa, binary)));
    Distro rhel94 = new Distro("rhel", "9.4", null, null, null);
    Distro rhel92 = new Distro("rhel", "9.2", null, null, null);

    OsvMatchReport on94 = redHat.match(List.of(rpm("openssl-libs", "1:3.0.7-25.el9", "openssl",
        rhel94)), rhel94);
    OsvMatchReport on92 = redHat.match(List.of(rpm("openssl-libs", "1:3.0.7-24.el9_2",
        "openssl", rhel92)), rhel92);

    assertThat(on94.matches()).extracting(OsvMatch::advisoryId, OsvMatch::fixedVersions)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("RHSA-TEST-1", List.of("1:3.0.7-27.el9")),
            org.assertj.core.groups.Tuple.tuple("RHSA-TEST-2", List.of("1:3.0.7-26.el9")));
    assertThat(on92.matches().get(0).fixedVersions())
        .containsExactly("1:3.0.7-24.el9_2.1", "1:3.0.7-27.el9");
    Distro rhel8 = new Distro("rhel", "8.10", null, null, null);
    assertThat(redHat.match(List.of(rpm("openssl-libs", "1:1.1.1k-12.el8", "openssl", rhel8)),
        rhel8).matches()).isEmpty();
  }

  @Test
  void ubuntuRecordsMatchTheirReleaseIncludingPro() {
    OsvRecord usn = record("USN-TEST-1",
        affected("Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.10"),
        affected("Ubuntu:Pro:18.04:LTS", "openssl", "1.1.1-1ubuntu2.1~18.04.23+esm1"));
    OsvMatcher ubuntu = new OsvMatcher(AdvisoryIndex.of(List.of(usn)));
    Distro jammy = new Distro("ubuntu", "22.04", null, "jammy", "debian");
    Distro bionic = new Distro("ubuntu", "18.04", null, "bionic", "debian");
    Distro focal = new Distro("ubuntu", "20.04", null, "focal", "debian");

    assertThat(ubuntu.match(List.of(deb("libssl3", "3.0.2-0ubuntu1.9", "openssl",
        "3.0.2-0ubuntu1.9", jammy)), jammy).matches()).singleElement()
        .extracting(OsvMatch::ecosystem).isEqualTo("Ubuntu:22.04:LTS");
    assertThat(ubuntu.match(List.of(deb("libssl1.1", "1.1.1-1ubuntu2.1~18.04.23", "openssl",
        "1.1.1-1ubuntu2.1~18.04.23", bionic)), bionic).matches()).singleElement()
        .extracting(OsvMatch::ecosystem).isEqualTo("Ubuntu:Pro:18.04:LTS");
    assertThat(ubuntu.match(List.of(deb("libssl1.1", "1.1.1f-1ubuntu2", "openssl",
        "1.1.1f-1ubuntu2", focal)), focal).matches()).isEmpty();
  }

  private static OsvRecord record(String id, OsvAffected... affected) {
    return new OsvRecord(id, Instant.parse("2024-01-01T00:00:00Z"), null, null, List.of(),
        List.of("CVE-2024-0001"), List.of(), null, List.of(), List.of(affected), null, null);
  }

  private static OsvAffected affected(String ecosystem, String name, String fixed) {
    return new OsvAffected(new OsvPackage(ecosystem, name, null), List.of(new OsvRange(
        OsvRange.ECOSYSTEM, null, List.of(OsvEvent.introduced("0"), OsvEvent.fixed(fixed)))),
        List.of(), List.of());
  }

  private static CatalogedPackage maven(String group, String artifact, String version) {
    return pkg(PackageType.MAVEN, artifact, version, purl("maven", group, artifact, version,
        null));
  }

  private static CatalogedPackage npm(String scope, String name, String version) {
    return pkg(PackageType.NPM, name, version, purl("npm", scope, name, version, null));
  }

  private static CatalogedPackage go(String module, String version) {
    int slash = module.lastIndexOf('/');
    return pkg(PackageType.GOLANG, module, version, purl("golang", module.substring(0, slash),
        module.substring(slash + 1), version, null));
  }

  private static CatalogedPackage deb(String name, String version, String source,
      String sourceVersion, Distro distro) {
    return osPkg(PackageType.DEB, name, version, purl("deb", distro.id(), name, version,
        distro.purlQualifier()), source, sourceVersion);
  }

  private static CatalogedPackage apk(String name, String version, String origin,
      Distro distro) {
    return osPkg(PackageType.APK, name, version, purl("apk", "alpine", name, version,
        distro.purlQualifier()), origin, version);
  }

  private static CatalogedPackage rpm(String name, String version, String source,
      Distro distro) {
    return osPkg(PackageType.RPM, name, version, purl("rpm", "redhat", name,
        version.substring(version.indexOf(':') + 1), distro.purlQualifier()), source, null);
  }

  private static String purl(String type, String namespace, String name, String version,
      String distro) {
    try {
      return new PackageURL(type, namespace, name, version,
          distro == null ? null : new TreeMap<>(Map.of("distro", distro)), null).canonicalize();
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
