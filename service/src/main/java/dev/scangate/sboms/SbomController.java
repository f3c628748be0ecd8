package dev.scangate.sboms;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.sbom.InvalidSbomException;
import dev.scangate.sbom.ReadSbom;
import dev.scangate.sbom.SbomFormat;
import dev.scangate.sbom.SbomReader;
import dev.scangate.sbom.SchemaPolicy;
import dev.scangate.scans.ScanService;
import dev.scangate.scans.ScanView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SbomController {

  private static final Map<String, SbomFormat> FORMATS = Map.of(
      "cyclonedx-json", SbomFormat.CYCLONEDX_JSON,
      "cyclonedx-xml", SbomFormat.CYCLONEDX_XML,
      "spdx-json", SbomFormat.SPDX_JSON);

  private final SbomService sboms;
  private final ScanService scans;
  // Real tools write documents their own schema rejects (Trivy's SPDX without downloadLocation);
  // such documents are read and their violations reported back, while unparseable or
  // unsupported ones are refused.
  private final SbomReader reader = new SbomReader(SchemaPolicy.REPORT);

  SbomController(SbomService sboms, ScanService scans) {
    this.sboms = sboms;
    this.scans = scans;
  }

  /** The scan's SBOM in the requested format (CycloneDX 1.6 JSON by default). */
  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/scans/{id}/sbom")
  ResponseEntity<byte[]> sbom(@PathVariable UUID id,
      @RequestParam(required = false) String format) {
    SbomFormat chosen = format == null || format.isBlank() ? SbomFormat.CYCLONEDX_JSON
        : FORMATS.get(format);
    if (chosen == null) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "format \"" + format
          + "\" is not one of cyclonedx-json, cyclonedx-xml, spdx-json",
          Map.of("input", format, "field", "format"));
    }
    ScanView scan = scans.find(id).orElseThrow(
        () -> new ApiException(ProblemType.NOT_FOUND, "no scan with id " + id));
    StoredSbom stored = sboms.findByScan(id).orElseThrow(() -> new ApiException(
        ProblemType.NOT_FOUND, "scan " + id + " has no SBOM" + ("SUCCEEDED".equals(scan.status())
            ? "" : " (status " + scan.status() + ")")));
    return ResponseEntity.ok().header("Content-Type", chosen.mediaType())
        .header("Content-Disposition", "attachment; filename=\"sbom-"
            + stored.imageDigest().replace(':', '-') + "." + extension(chosen) + "\"")
        .body(stored.rendition(chosen));
  }

  /**
   * Accepts an SBOM made elsewhere (CycloneDX 1.2-1.6 JSON or XML, SPDX 2.2/2.3 JSON) for an
   * image pinned by digest, stores it as this image's SBOM and scans from it without pulling.
   */
  @RequiresAuthority(Authority.SCAN)
  @PostMapping("/api/v1/sboms")
  ResponseEntity<Map<String, Object>> upload(@RequestParam String image,
      @RequestParam(required = false) String platform, @RequestBody byte[] body) {
    ImageReference reference = ScanService.parseDigestReference(image);
    ReadSbom read;
    try {
      read = reader.read(body);
    } catch (InvalidSbomException e) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("input", "request body");
      if (!e.violations().isEmpty()) {
        properties.put("violations", e.violations().stream()
            .map(v -> Map.of("location", v.location(), "message", v.message())).toList());
      }
      throw new ApiException(ProblemType.INVALID_SBOM, "SBOM: " + e.getMessage(), properties);
    }
    if (read.subject() != null && read.subject().digest() != null
        && !read.subject().digest().equals(reference.digest())) {
      throw new ApiException(ProblemType.INVALID_SBOM, "SBOM: it describes "
          + read.subject().digest() + ", not " + reference.digest() + " named by ?image=",
          Map.of("input", image));
    }
    CatalogResult catalog = read.catalog();
    String uploadedFormat = read.format().name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-') + "@" + read.specVersion().replaceFirst("^SPDX-", "");
    ScanService.Submission submission = scans.submitUploaded(reference, platform,
        scanId -> sboms.store(scanId, reference, platformOrNull(platform), null, catalog,
            SbomSource.UPLOAD, uploadedFormat));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("scan", submission.scan());
    response.put("format", uploadedFormat);
    response.put("components", catalog.packages().size());
    response.put("skipped", catalog.skipped().stream()
        .map(s -> Map.of("path", s.path(), "reason", s.reason())).toList());
    if (!read.schemaViolations().isEmpty()) {
      response.put("schemaViolations", read.schemaViolations().stream()
          .map(v -> Map.of("location", v.location(), "message", v.message())).toList());
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .header("Location", "/api/v1/scans/" + submission.scan().id()).body(response);
  }

  private static Platform platformOrNull(String platform) {
    return platform == null || platform.isBlank() || "all".equals(platform) ? null
        : Platform.parse(platform);
  }

  private static String extension(SbomFormat format) {
    switch (format) {
      case CYCLONEDX_XML:
        return "cdx.xml";
      case SPDX_JSON:
        return "spdx.json";
      default:
        return "cdx.json";
    }
  }

  static List<String> formats() {
    return List.copyOf(FORMATS.keySet());
  }
}
