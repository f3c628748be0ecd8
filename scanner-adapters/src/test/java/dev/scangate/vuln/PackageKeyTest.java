package dev.scangate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Purls as Grype (via Syft) and Trivy write them for the same packages, from the fixtures. */
class PackageKeyTest {

  @Test
  void rpmEpochInAQualifierOrInTheVersionIsTheSamePackage() {
    // Grype 0.96.0 (rhel namespace, epoch qualifier) and Trivy's form (redhat namespace)
    PackageKey grype = PackageKey.of(new PackageRef("pkg:rpm/rhel/bind-libs@9.11.36-5.el8_7.2"
        + "?arch=x86_64&epoch=32&upstream=bind-9.11.36-5.el8_7.2.src.rpm&distro=rhel-8.7",
        "bind-libs", "32:9.11.36-5.el8_7.2", "rpm"));
    PackageKey trivy = PackageKey.of(new PackageRef(
        "pkg:rpm/redhat/bind-libs@32:9.11.36-5.el8_7.2?arch=x86_64&distro=redhat-8.7",
        "bind-libs", "32:9.11.36-5.el8_7.2", "rpm"));

    assertThat(grype).isEqualTo(trivy);
    assertThat(grype).hasToString("rpm/bind-libs@32:9.11.36-5.el8_7.2");
  }

  @Test
  void epochZeroEqualsNoEpoch() {
    assertThat(PackageKey.of(new PackageRef("pkg:rpm/rhel/avahi-libs@0.7-20.el8?epoch=0",
        "avahi-libs", "0:0.7-20.el8", "rpm")))
        .isEqualTo(PackageKey.of(new PackageRef("pkg:rpm/rhel/avahi-libs@0.7-20.el8",
            "avahi-libs", "0.7-20.el8", "rpm")));
  }

  @Test
  void languagePackagesKeepTheirNamespaceAndPypiNamesAreNormalized() {
    assertThat(PackageKey.of(new PackageRef("pkg:pypi/Django@3.2.9", "Django", "3.2.9", "pypi")))
        .hasToString("pypi/django@3.2.9");
    assertThat(PackageKey.of(new PackageRef("pkg:pypi/zope_interface@5.0", "zope_interface",
        "5.0", "pypi"))).hasToString("pypi/zope-interface@5.0");
    assertThat(PackageKey.of(new PackageRef(
        "pkg:maven/org.apache.tomcat/tomcat-catalina@9.0.109", "tomcat-catalina", "9.0.109",
        "maven"))).hasToString("maven/org.apache.tomcat/tomcat-catalina@9.0.109");
    assertThat(PackageKey.of(new PackageRef(
        "pkg:golang/github.com/docker/distribution@v2.7.1%2Bincompatible",
        "github.com/docker/distribution", "v2.7.1+incompatible", "golang")))
        .hasToString("golang/github.com/docker/distribution@v2.7.1+incompatible");
  }

  @Test
  void aPackageWithoutAValidPurlIsKeyedByTypeNameAndVersion() {
    // hand-made: a purl with a space is invalid
    assertThat(PackageKey.of(new PackageRef("pkg:generic/java@17.0.10 -J-ms8m", "java",
        "17.0.10 -J-ms8m", "binary"))).hasToString("binary/java@17.0.10 -J-ms8m");
  }

  @Test
  void controlCharactersAreReplacedBeforeTheKeyIsMade() {
    // Grype 0.75.0 reported this purl and version with a NUL byte in them
    PackageRef ref = new PackageRef("pkg:generic/java@17.0.10%2B7\u0000-J-ms8m", "java",
        "17.0.10+7\u0000-J-ms8m", "binary");

    assertThat(ref.version()).isEqualTo("17.0.10+7\uFFFD-J-ms8m");
    assertThat(PackageKey.of(ref)).hasToString("generic/java@17.0.10+7\uFFFD-J-ms8m");
  }
}
