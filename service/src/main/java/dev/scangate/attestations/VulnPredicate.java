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
 * report there). Ours lists every tool that took part: scangate and its catalogers. No
 * vulnerability scanner exists in scangate yet, so {@code findings} is empty and
 * {@code vulnerabilitiesMatched} is false, with a note saying the list is empty because
 * nothing was matched, not because nothing was found.
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
    db.put("uri", "");
    db.put("version", "");
    ObjectNode result = scanner.putObject("result");
    ArrayNode scanners = result.putArray("scanners");
    scanners.addObject().put("name", "scangate").put("version", scangateVersion)
        .put("role", "orchestrator");
    for (String cataloger : facts.catalogers()) {
      SbomTool tool = SbomTool.parse(cataloger);
      scanners.addObject().put("name", tool.name()).put("version", tool.version())
          .put("role", "cataloger");
    }
    result.put("vulnerabilitiesMatched", false);
    result.putArray("findings");
    result.put("note", NOT_MATCHED_NOTE);

    ObjectNode metadata = root.putObject("metadata");
    metadata.put("scanStartedOn", facts.startedAt().toString());
    metadata.put("scanFinishedOn", facts.finishedAt().toString());
    return JSON.writeValueAsBytes(root);
  }
}
