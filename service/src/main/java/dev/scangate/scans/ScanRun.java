package dev.scangate.scans;

import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.jobs.JobContext;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.ImageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The state one attempt of the pipeline builds up as its stages run. */
final class ScanRun {

  final UUID scanId;
  final ImageReference requested;
  /** The platform to pick from an index; null means every platform ("all"). */
  final Platform platform;
  final JobContext job;
  /** The scan's SBOM was uploaded: nothing is pulled or cataloged. */
  final boolean uploadedSbom;

  /** When this attempt started (the scan's startedAt). */
  Instant startedAt;
  /** The reference pinned to the digest the request resolved to (index or manifest). */
  ImageReference pinned;
  /** The index the platform manifest was picked from, when the reference named an index. */
  FetchedManifest index;
  /** The single-platform manifest scanned; null when fanning out over an index. */
  FetchedManifest manifest;
  ImageConfig config;
  /** Child manifests to scan separately (platform "all"). */
  final List<ImageReference> children = new ArrayList<>();
  final List<String> childPlatforms = new ArrayList<>();

  ScanRun(UUID scanId, ImageReference requested, Platform platform, JobContext job,
      boolean uploadedSbom) {
    this.uploadedSbom = uploadedSbom;
    this.scanId = scanId;
    this.requested = requested;
    this.platform = platform;
    this.job = job;
  }
}
