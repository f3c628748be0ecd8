package dev.scangate.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.catalog.Distro;
import org.junit.jupiter.api.Test;

class OsvEcosystemTest {

  @Test
  void readsDistributionReleases() {
    assertThat(OsvEcosystem.parse("Debian:12")).hasValue(
        new OsvEcosystem("Debian:12", EcosystemFamily.DEBIAN, "12"));
    assertThat(OsvEcosystem.parse("Debian")).hasValue(
        new OsvEcosystem("Debian", EcosystemFamily.DEBIAN, null));
    assertThat(OsvEcosystem.parse("Ubuntu:22.04:LTS").get().release()).isEqualTo("22.04");
    assertThat(OsvEcosystem.parse("Ubuntu:Pro:18.04:LTS").get().release()).isEqualTo("18.04");
    assertThat(OsvEcosystem.parse("Ubuntu:20.10").get().release()).isEqualTo("20.10");
    assertThat(OsvEcosystem.parse("Alpine:v3.18").get().release()).isEqualTo("3.18");
    assertThat(OsvEcosystem.parse("Red Hat:enterprise_linux:9::appstream").get().release())
        .isEqualTo("9");
    assertThat(OsvEcosystem.parse("Red Hat:rhel_eus:9.2::baseos").get().release())
        .isEqualTo("9.2");
    assertThat(OsvEcosystem.parse("Rocky Linux:8").get().family())
        .isEqualTo(EcosystemFamily.ROCKY_LINUX);
    assertThat(OsvEcosystem.parse("AlmaLinux:9").get().release()).isEqualTo("9");
  }

  @Test
  void readsLanguageEcosystemsAndRejectsOthers() {
    assertThat(OsvEcosystem.parse("Maven").get().family()).isEqualTo(EcosystemFamily.MAVEN);
    assertThat(OsvEcosystem.parse("Maven:https://maven.google.com").get().release()).isNull();
    assertThat(OsvEcosystem.parse("npm").get().family()).isEqualTo(EcosystemFamily.NPM);
    assertThat(OsvEcosystem.parse("PyPI").get().family()).isEqualTo(EcosystemFamily.PYPI);
    assertThat(OsvEcosystem.parse("Go").get().family()).isEqualTo(EcosystemFamily.GO);
    assertThat(OsvEcosystem.parse("crates.io")).isEmpty();
    assertThat(OsvEcosystem.parse("Packagist")).isEmpty();
    assertThat(OsvEcosystem.parse("Alpine:edge")).isEmpty();
    assertThat(OsvEcosystem.parse("Red Hat:openshift:4.14::el9")).isEmpty();
    assertThat(OsvEcosystem.parse("npm:extra")).isEmpty();
    assertThat(OsvEcosystem.parse("debian:12")).isEmpty();
  }

  @Test
  void scopesRecordsToTheImagesRelease() {
    DistroRelease bookworm = DistroRelease.of(new Distro("debian", "12", null, null, null))
        .orElseThrow();
    DistroRelease alpine = DistroRelease.of(new Distro("alpine", "3.18.4", null, null, null))
        .orElseThrow();
    DistroRelease rhel94 = DistroRelease.of(new Distro("rhel", "9.4", null, null, null))
        .orElseThrow();
    assertThat(OsvEcosystem.parse("Debian:12").get().appliesTo(bookworm)).isTrue();
    assertThat(OsvEcosystem.parse("Debian:11").get().appliesTo(bookworm)).isFalse();
    assertThat(OsvEcosystem.parse("Debian").get().appliesTo(bookworm)).isTrue();
    assertThat(OsvEcosystem.parse("Alpine:v3.18").get().appliesTo(alpine)).isTrue();
    assertThat(OsvEcosystem.parse("Alpine:v3.1").get().appliesTo(alpine)).isFalse();
    assertThat(OsvEcosystem.parse("Red Hat:enterprise_linux:9::baseos").get()
        .appliesTo(rhel94)).isTrue();
    assertThat(OsvEcosystem.parse("Red Hat:rhel_eus:9.2::baseos").get().appliesTo(rhel94))
        .isFalse();
    assertThat(OsvEcosystem.parse("Rocky Linux:9").get().appliesTo(rhel94)).isFalse();
    assertThat(DistroRelease.ofQualifier("debian-12")).hasValue(bookworm);
    assertThat(DistroRelease.of(new Distro("centos", "7", null, null, null))).isEmpty();
  }

  @Test
  void normalizesNamesAsTheEcosystemsCompareThem() {
    assertThat(EcosystemFamily.PYPI.normalize("Django_REST.framework"))
        .isEqualTo("django-rest-framework");
    assertThat(EcosystemFamily.GO.normalize("github.com/BurntSushi/toml"))
        .isEqualTo("github.com/burntsushi/toml");
    assertThat(EcosystemFamily.GO.normalize("net/http")).isEqualTo("stdlib");
    assertThat(EcosystemFamily.GO.normalize("crypto/tls")).isEqualTo("stdlib");
    assertThat(EcosystemFamily.GO.normalize("stdlib")).isEqualTo("stdlib");
    assertThat(EcosystemFamily.NPM.normalize("@Babel/Core")).isEqualTo("@babel/core");
    assertThat(EcosystemFamily.MAVEN.normalize("org.Foo:Bar")).isEqualTo("org.Foo:Bar");
  }
}
