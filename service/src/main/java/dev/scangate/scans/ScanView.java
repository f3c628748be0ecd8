package dev.scangate.scans;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.scangate.attestations.AttestationStatus;
import dev.scangate.findings.ScanFindings;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** API shape of a scan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanView(UUID id, String status, ImageView image, String priority,
    Instant requestedAt, Instant startedAt, Instant finishedAt, Integer attempts, String error,
    List<StageView> stages, UUID parent, List<UUID> children, String sbomSource,
    List<AttestationStatus> attestations, ScanFindings.Summary summary,
    List<ScanFindings.ScannerView> scanners) {

  /** The image as requested and as resolved. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ImageView(String reference, String digest, String platform, String indexDigest,
      String requested) {
  }

  /** A timed pipeline stage. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageView(String name, Instant startedAt, long durationMs, String outcome,
      String detail) {
  }

  static ScanView of(Scan scan, UUID parent, List<UUID> children,
      List<AttestationStatus> attestations, ScanFindings.Summary summary,
      List<ScanFindings.ScannerView> scanners) {
    return new ScanView(scan.id(), scan.status().name(),
        new ImageView(scan.reference(), scan.digest(), scan.platform(), scan.indexDigest(),
            scan.requestedReference()),
        scan.priority().name(), scan.requestedAt(), scan.startedAt(), scan.finishedAt(),
        scan.attempts(), scan.error(),
        scan.stages().stream().map(s -> new StageView(s.name(), s.startedAt(), s.durationMs(),
            s.outcome(), s.detail())).toList(),
        parent, children.isEmpty() ? null : children, scan.uploadedSbom() ? "UPLOAD" : null,
        attestations.isEmpty() ? null : attestations, summary,
        scanners.isEmpty() ? null : scanners);
  }
}
