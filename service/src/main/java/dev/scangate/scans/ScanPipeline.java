package dev.scangate.scans;

import dev.scangate.attestations.ImageSigning;
import dev.scangate.attestations.ScanFacts;
import dev.scangate.findings.ScanFindings;
import dev.scangate.catalog.BuiltinCataloger;
import dev.scangate.catalog.CatalogResult;
import dev.scangate.findings.FindingsService;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.images.ImageRecord;
import dev.scangate.images.ImageService;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.ImageConfig;
import dev.scangate.registry.ImageIndex;
import dev.scangate.registry.ImageManifest;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistryLayerSource;
import dev.scangate.sboms.SbomService;
import dev.scangate.sboms.SbomSource;
import dev.scangate.syft.SyftCataloger;
import dev.scangate.syft.SyftOutput;
import org.springframework.beans.factory.ObjectProvider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The ordered stages of a scan: resolve → fetch-manifest → fetch-config → record-image →
 * catalog → match → sign. Later stages (evaluate) are inserted here.
 */
@Component
class ScanPipeline {

  private final List<ScanStage> stages;

  ScanPipeline(RegistryClient registry, ImageService images, ScanService scans,
      BuiltinCataloger cataloger, ObjectProvider<SyftCataloger> syft, SbomService sboms,
      ImageSigning signing, FindingsService findings, Clock clock) {
    this.stages = List.of(
        new Resolve(registry, images),
        new FetchManifest(registry),
        new FetchConfig(registry),
        new RecordImage(images, scans),
        new Catalog(registry, cataloger, syft.getIfAvailable(), sboms),
        new Match(findings),
        new Sign(sboms, signing, findings, clock));
  }

  List<ScanStage> stages() {
    return stages;
  }

  /**
   * Layers → packages → SBOM: streams each layer once from the registry (digest-verified), runs
   * the catalogers and stores the SBOM in all its formats. Limits exceeded or a corrupt layer
   * fail the scan naming the limit or the layer.
   */
  static final class Catalog implements ScanStage {
    private final RegistryClient registry;
    private final BuiltinCataloger cataloger;
    private final SyftCataloger syft;
    private final SbomService sboms;

    /** With {@code syft} null, the built-in catalogers run. */
    Catalog(RegistryClient registry, BuiltinCataloger cataloger, SyftCataloger syft,
        SbomService sboms) {
      this.registry = registry;
      this.cataloger = cataloger;
      this.syft = syft;
      this.sboms = sboms;
    }

    @Override
    public String name() {
      return "catalog";
    }

    @Override
    public boolean applies(ScanRun run) {
      return run.manifest != null;
    }

    @Override
    public String run(ScanRun run) throws Exception {
      Platform platform = run.config == null ? null : Platform.lenient(run.config.os(),
          run.config.architecture(), run.config.variant());
      CatalogResult result;
      SbomSource source;
      if (syft != null) {
        SyftOutput output = syft.catalog(run.manifest.reference(), platform);
        result = output.catalog();
        source = SbomSource.SYFT;
      } else {
        result = cataloger.catalog(new RegistryLayerSource(registry, run.manifest));
        source = SbomSource.CATALOG;
      }
      SbomService.Summary summary = sboms.store(run.scanId, run.manifest.reference(), platform,
          run.manifest.mediaType(), result, source, null);
      return summary.components() + " packages" + (summary.distro() == null ? ""
          : " on " + summary.distro()) + (summary.skipped() == 0 ? ""
          : ", " + summary.skipped() + " files skipped");
    }
  }

  /**
   * SBOM → findings: the built-in OSV matcher and the configured external scanners over the
   * stored SBOM (cataloged or uploaded), merged into one finding per vulnerability and package.
   * A scanner that fails is recorded on the scan; the stage and the scan go on.
   */
  static final class Match implements ScanStage {
    private final FindingsService findings;

    Match(FindingsService findings) {
      this.findings = findings;
    }

    @Override
    public String name() {
      return "match";
    }

    @Override
    public boolean applies(ScanRun run) {
      return run.manifest != null || run.uploadedSbom;
    }

    @Override
    public String run(ScanRun run) throws Exception {
      ImageReference image = run.uploadedSbom ? run.requested : run.manifest.reference();
      return findings.matchScan(run.scanId, image);
    }
  }

  /**
   * Attests the scanned image: its SBOM and the scan result as DSSE envelopes signed with the
   * active key, stored and pushed to the image's {@code .att} tag. A registry that refuses the
   * push does not fail the scan (the attestations are stored and the push is retried); a failure
   * to sign does. Uploaded SBOMs are not attested: scangate vouches only for what it cataloged.
   */
  static final class Sign implements ScanStage {
    private final SbomService sboms;
    private final ImageSigning signing;
    private final FindingsService findings;
    private final Clock clock;

    Sign(SbomService sboms, ImageSigning signing, FindingsService findings, Clock clock) {
      this.sboms = sboms;
      this.signing = signing;
      this.findings = findings;
      this.clock = clock;
    }

    @Override
    public String name() {
      return "sign";
    }

    @Override
    public boolean applies(ScanRun run) {
      return run.manifest != null && !run.uploadedSbom;
    }

    @Override
    public String run(ScanRun run) {
      SbomService.CycloneDxSbom sbom = sboms.cycloneDx(run.scanId).orElseThrow(
          () -> new IllegalStateException("scan " + run.scanId + " has no SBOM to attest"));
      Platform platform = run.config == null ? null : Platform.lenient(run.config.os(),
          run.config.architecture(), run.config.variant());
      List<ScanFindings.ScannerView> ran = findings.scanners(run.scanId);
      List<ScanFacts.Matcher> matchers = ran.isEmpty() ? null : ran.stream()
          .map(m -> new ScanFacts.Matcher(m.name(), m.version(), m.dbVersion(), m.status(),
              m.error()))
          .toList();
      List<ScanFacts.Finding> found = findings.all(run.scanId).stream()
          .map(f -> new ScanFacts.Finding(f.vulnerability(), f.aliases(), f.severity(),
              f.cvss() == null ? null : f.cvss().score(),
              f.cvss() == null ? null : f.cvss().vector(), f.pkg().purl(), f.pkg().name(),
              f.pkg().version(), f.fixedVersions(), f.scanners()))
          .toList();
      return signing.attestScan(new ScanFacts(run.scanId, run.manifest.reference(),
          platform == null ? null : platform.toString(), run.startedAt, clock.instant(),
          sbom.json(), sbom.catalogers(), matchers, found));
    }
  }

  /** Tag → digest (a HEAD request); the tag's history gets a row when it moved. */
  static final class Resolve implements ScanStage {
    private final RegistryClient registry;
    private final ImageService images;

    Resolve(RegistryClient registry, ImageService images) {
      this.registry = registry;
      this.images = images;
    }

    @Override
    public String name() {
      return "resolve";
    }

    @Override
    public boolean applies(ScanRun run) {
      return !run.uploadedSbom;
    }

    @Override
    public String run(ScanRun run) {
      ImageReference ref = run.requested;
      if (ref.digest() != null) {
        run.pinned = ref;
        return "pinned by digest";
      }
      run.pinned = ref.withDigest(registry.resolve(ref));
      images.observeTag(ref.name(), ref.tag(), run.pinned.digest().toString());
      return ref.tag() + " → " + run.pinned.digest();
    }
  }

  /** Manifest or index by digest, verified; an index is narrowed to the requested platform. */
  static final class FetchManifest implements ScanStage {
    private final RegistryClient registry;

    FetchManifest(RegistryClient registry) {
      this.registry = registry;
    }

    @Override
    public String name() {
      return "fetch-manifest";
    }

    @Override
    public boolean applies(ScanRun run) {
      return !run.uploadedSbom;
    }

    @Override
    public String run(ScanRun run) {
      FetchedManifest fetched = registry.fetchManifest(run.pinned);
      if (fetched.manifest() != null) {
        run.manifest = fetched;
        return fetched.mediaType();
      }
      ImageIndex index = fetched.index();
      run.index = fetched;
      if (run.platform == null) {
        for (Descriptor child : index.manifests()) {
          if (child.platform() != null) {
            run.children.add(run.pinned.atDigest(child.digest()));
            run.childPlatforms.add(child.platform().toString());
          }
        }
        return "index of " + run.children.size() + " platforms";
      }
      Descriptor chosen = index.select(run.platform);
      run.manifest = registry.fetchManifest(run.pinned.atDigest(chosen.digest()));
      if (run.manifest.manifest() == null) {
        throw new IllegalStateException("index entry " + chosen.digest() + " for "
            + run.platform + " is itself an index; nested indexes are not supported");
      }
      return "index → " + run.platform + " " + run.manifest.digest();
    }
  }

  /** The image config blob, verified against its digest. */
  static final class FetchConfig implements ScanStage {
    private final RegistryClient registry;

    FetchConfig(RegistryClient registry) {
      this.registry = registry;
    }

    @Override
    public String name() {
      return "fetch-config";
    }

    @Override
    public boolean applies(ScanRun run) {
      return run.manifest != null;
    }

    @Override
    public String run(ScanRun run) {
      run.config = registry.fetchConfig(run.manifest.reference(), run.manifest.manifest().config());
      return run.manifest.manifest().layers().size() + " layers";
    }
  }

  /** Records the image (and index) by digest; with platform "all", enqueues one scan per child. */
  static final class RecordImage implements ScanStage {
    private final ImageService images;
    private final ScanService scans;

    RecordImage(ImageService images, ScanService scans) {
      this.images = images;
      this.scans = scans;
    }

    @Override
    public String name() {
      return "record-image";
    }

    @Override
    public boolean applies(ScanRun run) {
      return !run.uploadedSbom;
    }

    @Override
    public String run(ScanRun run) {
      String repository = run.pinned.name();
      if (run.index != null) {
        images.record(indexRecord(run.index), repository);
      }
      if (run.manifest != null) {
        images.record(imageRecord(run.manifest, run.config), repository);
        scans.markResolved(run.scanId, run.manifest.digest().toString(),
            run.index == null ? null : run.index.digest().toString());
      } else {
        scans.markResolved(run.scanId, run.index.digest().toString(), null);
        for (int i = 0; i < run.children.size(); i++) {
          scans.submitChild(run.scanId, run.children.get(i), run.childPlatforms.get(i));
        }
      }
      return null;
    }

    private static ImageRecord indexRecord(FetchedManifest index) {
      List<ImageRecord.Child> children = index.index().manifests().stream()
          .map(d -> new ImageRecord.Child(d.digest().toString(), d.mediaType(), d.size(),
              d.platform() == null ? null : d.platform().toString()))
          .toList();
      return new ImageRecord(index.digest().toString(), index.mediaType(), index.bytes().length,
          null, null, null, null, null, null, children, null);
    }

    private static ImageRecord imageRecord(FetchedManifest fetched, ImageConfig config) {
      ImageManifest manifest = fetched.manifest();
      List<ImageRecord.Layer> layers = manifest.layers().stream()
          .map(d -> new ImageRecord.Layer(d.digest().toString(), d.mediaType(), d.size()))
          .toList();
      Platform platform = Platform.lenient(config.os(), config.architecture(), config.variant());
      String user = config.user() == null || config.user().isEmpty() ? null : config.user();
      return new ImageRecord(fetched.digest().toString(), fetched.mediaType(),
          fetched.bytes().length, platform == null ? null : platform.toString(),
          manifest.config().digest().toString(), user, config.created(), config.labels(), layers,
          null, new String(config.raw(), StandardCharsets.UTF_8));
    }
  }
}
