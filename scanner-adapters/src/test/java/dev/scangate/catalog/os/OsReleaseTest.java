package dev.scangate.catalog.os;

import static dev.scangate.catalog.os.OsFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.catalog.DirectoryFilesystem;
import dev.scangate.catalog.Distro;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsReleaseTest {

  @TempDir
  Path root;

  @Test
  void readsDebianAlpineAndRedHatFamilyFiles() throws IOException {
    assertThat(parse("os-release/debian-12-host")).contains(new Distro("debian", "12",
        "Debian GNU/Linux 12 (bookworm)", "bookworm", null));
    assertThat(parse("os-release/alpine")).contains(
        new Distro("alpine", "3.15.4", "Alpine Linux v3.15", null, null));
    assertThat(parse("os-release/rhel")).contains(new Distro("rhel", "9.4",
        "Red Hat Enterprise Linux 9.4 (Plow)", null, "fedora"));
    assertThat(parse("os-release/rocky")).contains(new Distro("rocky", "9.3",
        "Rocky Linux 9.3 (Blue Onyx)", null, "rhel centos fedora"));
    assertThat(parse("os-release/sles").map(Distro::purlQualifier)).contains("sles-15.3");
  }

  @Test
  void aFileWithoutIdNamesNoDistro() throws IOException {
    assertThat(parse("os-release/no-id")).isEmpty();
  }

  @Test
  void distrolessDebianTakesItsVersionFromDebianVersion() {
    Optional<Distro> distro =
        OsRelease.detect(DirectoryFilesystem.of(resource("os-release/distroless-debian")));

    assertThat(distro).contains(new Distro("debian", "10", "Distroless", null, null));
  }

  @Test
  void fallsBackToUsrLibOsRelease() {
    assertThat(OsRelease.detect(DirectoryFilesystem.of(resource("dpkg/bookworm"))))
        .map(Distro::purlQualifier).contains("debian-12");
  }

  @Test
  void prefersEtcOsReleaseOverUsrLib() throws IOException {
    write("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n");
    write("usr/lib/os-release", "ID=debian\nVERSION_ID=12\n");

    assertThat(OsRelease.detect(DirectoryFilesystem.of(root))).map(Distro::purlQualifier)
        .contains("alpine-3.20.3");
  }

  @Test
  void followsTheUsualSymlinkFromEtcToUsrLib() throws IOException {
    write("usr/lib/os-release", Files.readString(resource("os-release/rocky")));
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
    write("etc/other", "ID=nope\n");
    Files.createSymbolicLink(root.resolve("usr/lib/escape"), Path.of("../../../../etc/other"));

    assertThat(OsRelease.detect(DirectoryFilesystem.of(root))).map(Distro::purlQualifier)
        .contains("rocky-9.3");
    // a link climbing above the root stays inside it
    assertThat(DirectoryFilesystem.of(root).file("/usr/lib/escape")).get()
        .extracting(entry -> entry.path()).isEqualTo("/etc/other");
  }

  @Test
  void debianVersionAloneStillSaysDebian() throws IOException {
    write("etc/debian_version", "12.5\n");
    assertThat(OsRelease.detect(DirectoryFilesystem.of(root)))
        .contains(new Distro("debian", "12", null, null, null));

    write("etc/debian_version", "trixie/sid\n");
    assertThat(OsRelease.detect(DirectoryFilesystem.of(root)))
        .contains(new Distro("debian", null, null, null, null));
  }

  @Test
  void anImageWithoutReleaseFilesHasNoDistro() {
    assertThat(OsRelease.detect(DirectoryFilesystem.of(root))).isEmpty();
  }

  @Test
  void unquotesValuesAsTheShellDoes() {
    // hand-made: the quoting rules of os-release(5)
    Map<String, String> fields = OsRelease.fields(String.join("\n",
        "# a comment",
        "",
        "SINGLE='literal $x \\n \"q\"'",
        "DOUBLE=\"say \\\"hi\\\" \\\\ \\$HOME \\` \\n\"",
        "BARE=one\\ two",
        "MIXED=\"a\"'b'c",
        "  INDENTED=yes  ",
        "not an assignment",
        "1BAD=no",
        "OPEN=\"never closed",
        "TWICE=first",
        "TWICE=second",
        "EMPTY="));

    assertThat(fields).containsExactly(
        Map.entry("SINGLE", "literal $x \\n \"q\""),
        Map.entry("DOUBLE", "say \"hi\" \\ $HOME ` \\n"),
        Map.entry("BARE", "one two"),
        Map.entry("MIXED", "abc"),
        Map.entry("INDENTED", "yes"),
        Map.entry("TWICE", "second"),
        Map.entry("EMPTY", ""));
  }

  @Test
  void lowerCasesTheIdAndDropsEmptyValues() {
    assertThat(OsRelease.parse("ID=\"Wolfi\"\nVERSION_ID=\"\"\nPRETTY_NAME=\"Wolfi\"\n"))
        .contains(new Distro("wolfi", null, "Wolfi", null, null));
  }

  @Test
  void wantsExactlyTheReleaseFiles() {
    assertThat(OsRelease.wants("/etc/os-release")).isTrue();
    assertThat(OsRelease.wants("/usr/lib/os-release")).isTrue();
    assertThat(OsRelease.wants("/etc/debian_version")).isTrue();
    assertThat(OsRelease.wants("/etc/os-release.bak")).isFalse();
    assertThat(OsRelease.wants("/usr/lib/os-release.d/x")).isFalse();
  }

  private static Optional<Distro> parse(String name) throws IOException {
    return OsRelease.parse(Files.readString(resource(name), StandardCharsets.UTF_8));
  }

  private void write(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
