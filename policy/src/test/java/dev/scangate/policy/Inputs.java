package dev.scangate.policy;

import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.ImageFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.SbomFacts;
import dev.scangate.policy.input.ScanFacts;
import dev.scangate.policy.input.ScannerFacts;
import dev.scangate.policy.input.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds policy inputs for scenario tests: a clean, freshly scanned, non-root image by default. */
public final class Inputs {

  public static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  public static final String DIGEST = "sha256:" + "ab".repeat(32);

  private String repository = "team-a/api";
  private String registry = "registry.example";
  private String user = "1000:1000";
  private ScanFacts scan = new ScanFacts(NOW.minus(Duration.ofHours(2)),
      List.of(new ScannerFacts("grype", "0.74.0", "5"), new ScannerFacts("trivy", "0.50.1", "2")), 0);
  private final List<FindingFacts> findings = new ArrayList<>();
  private String environment = "prod";
  private Instant now = NOW;

  public static Inputs image() {
    return new Inputs();
  }

  public static FindingFacts finding(String id, Severity severity, boolean fixAvailable) {
    return finding(id, severity, fixAvailable, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        List.of("grype", "trivy"));
  }

  public static FindingFacts finding(String id, Severity severity, boolean fixAvailable,
      String purl, List<String> scanners) {
    String name = purl.substring(purl.lastIndexOf('/') + 1).split("@")[0];
    String version = purl.contains("@") ? purl.substring(purl.lastIndexOf('@') + 1) : "";
    return new FindingFacts(id, List.of(), severity, 7.5, fixAvailable,
        fixAvailable ? List.of("99.0") : List.of(),
        new PackageFacts(name, version, purl.substring(4, purl.indexOf('/')), purl), scanners,
        false, null);
  }

  public Inputs repository(String value) {
    this.repository = value;
    return this;
  }

  public Inputs user(String value) {
    this.user = value;
    return this;
  }

  public Inputs scan(ScanFacts value) {
    this.scan = value;
    return this;
  }

  public Inputs scannedAgo(Duration age) {
    this.scan = new ScanFacts(now.minus(age), scan == null ? List.of() : scan.scanners(), 0);
    return this;
  }

  public Inputs neverScanned() {
    this.scan = null;
    return this;
  }

  public Inputs finding(FindingFacts value) {
    findings.add(value);
    return this;
  }

  public Inputs findings(List<FindingFacts> values) {
    findings.addAll(values);
    return this;
  }

  public Inputs environment(String value) {
    this.environment = value;
    return this;
  }

  public Inputs now(Instant value) {
    this.now = value;
    return this;
  }

  public PolicyInput build() {
    ImageFacts image = new ImageFacts(registry + "/" + repository + ":1.0", DIGEST, repository,
        registry, Map.of("org.opencontainers.image.source", "https://git.example/api"), "linux",
        "amd64", user, Instant.parse("2024-05-01T00:00:00Z"));
    return new PolicyInput(image, scan, findings, SbomFacts.EMPTY, List.of(), environment, now);
  }
}
