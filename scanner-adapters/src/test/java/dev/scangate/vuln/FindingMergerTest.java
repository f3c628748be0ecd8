package dev.scangate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.grype.GrypeReportNormalizer;
import dev.scangate.trivy.TrivyReportNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@link FindingMerger} on findings normalized from real Grype and Trivy reports (see
 * {@code grype/SOURCES.md} and {@code trivy/SOURCES.md}), plus a few findings built in the test
 * where no real report has the case (said at each).
 */
class FindingMergerTest {

  private final FindingMerger merger = new FindingMerger();

  /**
   * The one vulnerability both scanners' real reports share for the same package: CVE-2019-18276
   * in Debian 10's bash 5.0-4, reported by Grype 0.7.0 (its CycloneDX XML output for
   * defectdojo/defectdojo-django:1.14.1, a Debian 10 image) and by Trivy (its integration
   * golden for debian-buster, Debian 10.1). The two images differ; the package and version are
   * the same. Grype 0.7.0's CycloneDX components carry no purl, so the Grype finding's purl is
   * aligned to Trivy's form ({@code pkg:deb/debian/bash@5.0-4}); every other value is read from
   * the XML.
   */
  @Test
  void theSameVulnerabilityFromGrypeAndTrivyIsOneFindingListingBothScanners() throws Exception {
    Finding fromGrype = grype070Finding("bash", "CVE-2019-18276", "pkg:deb/debian/bash@5.0-4");
    MatchResult grype = new MatchResult(new ScannerInfo("grype", "0.7.0", null, null),
        List.of(fromGrype), List.of());
    MatchResult trivy = trivy("trivy-dev-debian-buster.json");

    MergeResult merged = merger.merge(List.of(grype, trivy));

    assertThat(merged.scanners()).extracting(ScannerInfo::id).containsExactly("grype", "trivy");
    assertThat(merged.findings()).hasSize(2);
    MergedFinding bash = merged.findings().get(0);
    assertThat(bash.id()).isEqualTo("CVE-2019-18276");
    assertThat(bash.reportedBy()).containsExactly("grype", "trivy");
    assertThat(bash.reports()).extracting(Finding::scanner).containsExactly("grype", "trivy");
    assertThat(bash.pkg()).isEqualTo(fromGrype.pkg());
    // both vendors say LOW; Trivy's NVD v3.1 vector computes to 7.8, and CVSS v3 comes first
    assertThat(bash.reports()).extracting(Finding::severity)
        .containsExactly(Severity.LOW, Severity.LOW);
    assertThat(bash.severity()).isEqualTo(Severity.HIGH);
    assertThat(bash.severitySource()).isEqualTo(SeveritySource.CVSS_V3);
    assertThat(bash.rating()).isEqualTo(new Cvss(CvssVersion.V3_1,
        "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "nvd"));
    assertThat(bash.fixState()).isEqualTo(FixState.NOT_FIXED);
    assertThat(bash.urls()).contains(
        "https://security-tracker.debian.org/tracker/CVE-2019-18276",
        "https://avd.aquasec.com/nvd/cve-2019-18276");

    MergedFinding libidn = merged.findings().get(1);
    assertThat(libidn.id()).isEqualTo("CVE-2019-18224");
    assertThat(libidn.aliases()).containsExactly("DSA-4613-1");
    assertThat(libidn.reportedBy()).containsExactly("trivy");
  }

  @Test
  void twoRealDebianTenReportsWithoutCommonFindingsStayApartAsTheGoldenListingSays()
      throws Exception {
    MatchResult grype = grype("grype-0.28.0-debian10.json");
    MatchResult trivy = trivy("trivy-unversioned-2024-debian-10.13-all-statuses.json");

    MergeResult merged = merger.merge(List.of(grype, trivy));

    assertThat(merged.findings()).hasSize(grype.findings().size() + trivy.findings().size());
    assertThat(merged.findings()).allSatisfy(f -> assertThat(f.reportedBy()).hasSize(1));
    assertThat(merged.warnings()).containsExactly("trivy: noppaknopsta/example-app:main-159"
        + " (debian 10.13): CVE-2019-18276 in bash 5.0-4 is reported as not_affected; not a"
        + " finding");
    FindingListing.assertMatchesGolden(FindingListing.of(merged),
        FindingListing.sourceResource("vuln/expected/merge-grype-0.28.0-debian10"
            + "-trivy-debian-10.13.txt"));
  }

  @Test
  void anAdvisoryThatFixesTwoCvesDoesNotMergeThem() throws Exception {
    // real: Trivy lists RHSA-2019:2304 as the vendor id of both CVEs in openssl-libs
    MergeResult merged = merger.merge(List.of(trivy("trivy-dev-centos-7.json")));

    assertThat(merged.findings()).filteredOn(f -> f.pkg().name().equals("openssl-libs"))
        .extracting(MergedFinding::id, MergedFinding::aliases)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CVE-2018-0734", Set.of("RHSA-2019:2304")),
            org.assertj.core.groups.Tuple.tuple("CVE-2019-1559", Set.of("RHSA-2019:2304")));
  }

  @Test
  void aGhsaAndTheCveItAliasesAreOneFindingNamedByTheCve() throws Exception {
    MatchResult grype = grype("grype-0.28.0-debian10.json");
    // built here (no real report has it): another matcher names the CVE, and spells the PyPI
    // package in lower case, which PEP 503 normalization must treat as the same package
    Finding osv = new Finding("CVE-2021-44420", Set.of(), new PackageRef(
        "pkg:pypi/django@3.2.9", "django", "3.2.9", "pypi"), "3.2.9", List.of("3.2.10", "3.1.14"),
        FixState.FIXED, Severity.UNKNOWN, SeveritySource.NONE, List.of(), null, null, List.of(),
        "PyPI", "osv");

    MergeResult merged = merger.merge(List.of(grype,
        new MatchResult(new ScannerInfo("osv", "1", null, null), List.of(osv), List.of())));

    MergedFinding django = merged.findings().stream()
        .filter(f -> f.pkg().name().equalsIgnoreCase("django")).findFirst().orElseThrow();
    assertThat(django.id()).isEqualTo("CVE-2021-44420");
    assertThat(django.aliases()).containsExactly("GHSA-v6rh-hp5x-86rv");
    assertThat(django.reportedBy()).containsExactly("grype", "osv");
    assertThat(django.fixedVersions()).containsExactly("3.2.10", "3.1.14");
    assertThat(django.fixState()).isEqualTo(FixState.FIXED);
    // Grype's NVD record carries a v3.1 vector: 7.3 → HIGH
    assertThat(django.severity()).isEqualTo(Severity.HIGH);
    assertThat(django.severitySource()).isEqualTo(SeveritySource.CVSS_V3);
  }

  @Test
  void aCvssV4VectorIsPreferredOverV3AndItsScoreIsComputedNotCopied() throws Exception {
    MergeResult merged = merger.merge(List.of(trivy("trivy-0.69.1-jar-cvssv4.json")));

    // CVE-2025-61795: GHSA's v4.0 vector computes to 2.3 (LOW); Red Hat's v3.1 says 5.3
    MergedFinding finding = merged.findings().stream()
        .filter(f -> f.id().equals("CVE-2025-61795")).findFirst().orElseThrow();
    assertThat(finding.severity()).isEqualTo(Severity.LOW);
    assertThat(finding.severitySource()).isEqualTo(SeveritySource.CVSS_V4);
    assertThat(finding.rating().vector())
        .isEqualTo("CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/E:U");
    assertThat(finding.rating().baseScore()).isEqualTo(2.3);
  }

  @Test
  void amongVectorsOfOneVersionTheHighestScoreWins() throws Exception {
    MergeResult merged = merger.merge(List.of(grype("grype-0.96.0-rhel8.7-java.json")));

    // CVE-2023-38473 in avahi-libs: Red Hat's vector 6.2, NVD's 5.5
    MergedFinding avahi = merged.findings().stream()
        .filter(f -> f.id().equals("CVE-2023-38473")).findFirst().orElseThrow();
    assertThat(avahi.rating().baseScore()).isEqualTo(6.2);
    assertThat(avahi.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void withoutV3OrV4VectorsTheVendorLabelComesBeforeAV2Score() throws Exception {
    MergeResult merged = merger.merge(List.of(grype("grype-0.28.0-debian10.json")));

    // CVE-2004-0971: Debian says negligible; NVD's only vector is v2 (2.1)
    MergedFinding krb5 = merged.findings().stream()
        .filter(f -> f.id().equals("CVE-2004-0971")).findFirst().orElseThrow();
    assertThat(krb5.severity()).isEqualTo(Severity.NEGLIGIBLE);
    assertThat(krb5.severitySource()).isEqualTo(SeveritySource.VENDOR);
    assertThat(krb5.rating()).isNull();
  }

  @Test
  void anAdvisoryLabelIsUsedWhenNothingElseRatesIt() throws Exception {
    MergeResult merged = merger.merge(List.of(grype("grype-0.24.0-dir-npm-python.json"),
        trivy("trivy-dev-gomod.json")));

    MergedFinding staticEval = merged.findings().stream()
        .filter(f -> f.id().equals("CVE-2021-23334")).findFirst().orElseThrow();
    assertThat(staticEval.aliases()).containsExactly("GHSA-8v27-2fg9-7h62");
    assertThat(staticEval.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(staticEval.severitySource()).isEqualTo(SeveritySource.ADVISORY);
    MergedFinding gms = merged.findings().stream()
        .filter(f -> f.id().equals("GMS-2022-20")).findFirst().orElseThrow();
    assertThat(gms.severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(gms.severitySource()).isEqualTo(SeveritySource.NONE);
  }

  @Test
  void theSamePackageAtTwoVersionsIsTwoFindings() throws Exception {
    MergeResult merged = merger.merge(List.of(grype("grype-0.96.0-rhel8.7-java.json")));

    assertThat(merged.findings()).filteredOn(f -> f.id().equals("CVE-2023-39410"))
        .extracting(MergedFinding::installedVersion).containsExactly("1.11.1", "1.9.2");
  }

  @Test
  void fixStatesCombineToTheMostUsefulAndFixedVersionsAreUnited() {
    // built here: two scanners disagree on whether a fix exists
    PackageRef pkg = new PackageRef("pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64",
        "openssl", "3.0.11-1~deb12u1", "deb");
    Finding notFixed = finding("CVE-2023-5678", pkg, List.of(), FixState.NOT_FIXED, "trivy");
    Finding fixed = finding("CVE-2023-5678", new PackageRef(
        "pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-12", "openssl",
        "3.0.11-1~deb12u1", "deb"), List.of("3.0.11-1~deb12u2"), FixState.FIXED, "grype");
    Finding wontFix = finding("CVE-2023-6129", pkg, List.of(), FixState.WONT_FIX, "grype");

    MergeResult merged = merger.merge(List.of(result("trivy", notFixed),
        result("grype", fixed, wontFix)));

    assertThat(merged.findings()).extracting(MergedFinding::id, MergedFinding::fixState,
        MergedFinding::fixedVersions).containsExactly(
            org.assertj.core.groups.Tuple.tuple("CVE-2023-5678", FixState.FIXED,
                List.of("3.0.11-1~deb12u2")),
            org.assertj.core.groups.Tuple.tuple("CVE-2023-6129", FixState.WONT_FIX, List.of()));
    assertThat(merged.findings().get(0).reportedBy()).containsExactly("grype", "trivy");
  }

  private static Finding finding(String id, PackageRef pkg, List<String> fixed, FixState state,
      String scanner) {
    return new Finding(id, Set.of(), pkg, pkg.version(), fixed, state, Severity.MEDIUM,
        SeveritySource.VENDOR, List.of(), null, null, List.of(), "debian", scanner);
  }

  private static MatchResult result(String scanner, Finding... findings) {
    return new MatchResult(new ScannerInfo(scanner, "1", null, null), List.of(findings),
        List.of());
  }

  static MatchResult grype(String name) throws IOException {
    return new GrypeReportNormalizer().normalize(read("/grype/" + name));
  }

  static MatchResult trivy(String name) throws IOException {
    return new TrivyReportNormalizer().normalize(read("/trivy/" + name));
  }

  /**
   * One vulnerability of one component of Grype 0.7.0's CycloneDX 1.2 XML report (vulnerability
   * extension 1.0), as a finding: id, severity label, CVSS rating, source namespace and advisory
   * URLs from the XML; the purl given by the caller.
   */
  private static Finding grype070Finding(String component, String id, String purl)
      throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document xml;
    try (InputStream in = FindingMergerTest.class.getResourceAsStream(
        "/grype/grype-0.7.0-cyclonedx-1.2.xml")) {
      xml = factory.newDocumentBuilder().parse(in);
    }
    String bom = "http://cyclonedx.org/schema/bom/1.2";
    String ext = "http://cyclonedx.org/schema/ext/vulnerability/1.0";
    NodeList components = xml.getElementsByTagNameNS(bom, "component");
    for (int i = 0; i < components.getLength(); i++) {
      Element c = (Element) components.item(i);
      if (!component.equals(text(c, bom, "name"))) {
        continue;
      }
      NodeList vulnerabilities = c.getElementsByTagNameNS(ext, "vulnerability");
      for (int j = 0; j < vulnerabilities.getLength(); j++) {
        Element v = (Element) vulnerabilities.item(j);
        if (!id.equals(text(v, ext, "id"))) {
          continue;
        }
        String version = text(c, bom, "version");
        String namespace = ((Element) v.getElementsByTagNameNS(ext, "source").item(0))
            .getAttribute("name").replaceFirst("^vulnerabilities:", "");
        Element rating = (Element) v.getElementsByTagNameNS(ext, "rating").item(0);
        Cvss cvss = Cvss.ofVector(text(rating, ext, "vector"),
            Double.valueOf(text(rating, ext, "base")), namespace);
        List<String> urls = List.of(text(v, ext, "advisory"));
        return new Finding(id, Set.of(), new PackageRef(purl, component, version, "deb"),
            version, List.of(), FixState.UNKNOWN, Severity.fromLabel(text(rating, ext,
                "severity")), SeveritySource.VENDOR, List.of(cvss), null, null, urls, namespace,
            "grype");
      }
    }
    throw new AssertionError(id + " in " + component + " not found in the grype 0.7.0 report");
  }

  private static String text(Element parent, String namespace, String name) {
    NodeList nodes = parent.getElementsByTagNameNS(namespace, name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = FindingMergerTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
