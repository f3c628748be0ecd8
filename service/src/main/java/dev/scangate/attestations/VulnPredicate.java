package dev.scangate.attestations;

import dev.scangate.sbom.SbomTool;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scan result predicate of {@code cosign attest --type vuln}
 * ({@code https://cosign.sigstore.dev/attestation/vuln/v1}; cosign's
 * {@code pkg/cosign/attestation} {@code CosignVulnPredicate}): {@code invocation},
 * {@code scanner} {uri, version, db, result} and {@code metadata} {scanStartedOn,
 * scanFinishedOn}, in that order.
 *
 * <p>The predicate has one scanner; {@code scanner.result} is free-form (Trivy puts its whole
 * report there). Ours lists every tool that took part (scangate, its catalogers, and the
 * vulnerability matchers with their database versions) and the merged findings, each with the
 * scanners that reported it. {@code scanner.db} is the built-in OSV matcher's database. When no
 * matcher ran, {@code vulnerabilitiesMatched} is false, with a note saying the list is empty
 * because nothing was matched, not because nothing was found.
 */
final class VulnPredicate {

  static final String NOT_MATCHED_NOTE = "no vulnerability scanner ran in this scan: findings"
      + " is empty because vulnerabilities were not matched, not because none were found";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private VulnPredicate() {
  }

  static byte[] of(ScanFacts facts, String scangateVersion) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode invocation = root.putObject("invocation");
    ObjectNode parameters = invocation.putObject("parameters");
    parameters.put("image", facts.pinned().toString());
    if (facts.platform() != null) {
      parameters.put("platform", facts.platform());
    }
    invocation.put("uri", "/api/v1/scans/" + facts.scanId());
    invocation.put("event_id", facts.scanId().toString());
    invocation.put("builder.id", "scangate");

    ObjectNode scanner = root.putObject("scanner");
    scanner.put("uri", "pkg:generic/scangate@" + scangateVersion);
    scanner.put("version", scangateVersion);
    ObjectNode db = scanner.putObject("db");
    ScanFacts.Matcher osv = facts.matchers() == null ? null : facts.matchers().stream()
        .filter(m -> "osv".equals(m.name())).findFirst().orElse(null);
    db.put("uri", osv == null ? "" : "pkg:generic/osv");
    db.put("version", osv == null || osv.dbVersion() == null ? "" : osv.dbVersion());
    ObjectNode result = scanner.putObject("result");
    ArrayNode scanners = result.putArray("scanners");
    scanners.addObject().put("name", "scangate").put("version", scangateVersion)
        .put("role", "orchestrator");
    for (String cataloger : facts.catalogers()) {
      SbomTool tool = SbomTool.parse(cataloger);
      scanners.addObject().put("name", tool.name()).put("version", tool.version())
          .put("role", "cataloger");
    }
    if (facts.matchers() == null) {
      result.put("vulnerabilitiesMatched", false);
      result.putArray("findings");
      result.put("note", NOT_MATCHED_NOTE);
    } else {
      for (ScanFacts.Matcher m : facts.matchers()) {
        ObjectNode node = scanners.addObject().put("name", m.name()).put("version", m.version())
            .put("role", "matcher").put("dbVersion", m.dbVersion()).put("status", m.status());
        if (m.error() != null) {
          node.put("error", m.error());
        }
      }
      result.put("vulnerabilitiesMatched", true);
      ArrayNode findings = result.putArray("findings");
      for (ScanFacts.Finding f : facts.findings()) {
        ObjectNode node = findings.addObject();
        node.put("vulnerability", f.vulnerability());
        f.aliases().forEach(node.putArray("aliases")::add);
        node.put("severity", f.severity());
        if (f.cvssScore() != null || f.cvssVector() != null) {
          node.putObject("cvss").put("score", f.cvssScore()).put("vector", f.cvssVector());
        }
        ObjectNode pkg = node.putObject("package");
        pkg.put("purl", f.purl()).put("name", f.packageName())
            .put("version", f.installedVersion());
        f.fixedVersions().forEach(node.putArray("fixedVersions")::add);
        f.scanners().forEach(node.putArray("scanners")::add);
      }
    }

    ObjectNode metadata = root.putObject("metadata");
    metadata.put("scanStartedOn", facts.startedAt().toString());
    metadata.put("scanFinishedOn", facts.finishedAt().toString());
    return JSON.writeValueAsBytes(root);
  }
}
