package dev.scangate.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** API shape of a merged finding. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FindingView(String vulnerability, List<String> aliases, String severity,
    String severitySource, CvssView cvss, PackageView pkg, List<String> fixedVersions,
    boolean fixAvailable, List<String> scanners, String title, Instant firstSeen) {

  /** The CVSS rating the severity came from, when it came from one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CvssView(Double score, String vector) {
  }

  /** The affected package. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PackageView(String purl, String name, String version, String type) {
  }

  @com.fasterxml.jackson.annotation.JsonProperty("package")
  @Override
  public PackageView pkg() {
    return pkg;
  }
}
