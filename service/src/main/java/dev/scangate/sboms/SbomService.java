package dev.scangate.sboms;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.SkippedFile;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.sbom.CycloneDxWriter;
import dev.scangate.sbom.SbomInput;
import dev.scangate.sbom.SbomTool;
import dev.scangate.sbom.SpdxWriter;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores the SBOM of a scan: CycloneDX 1.6 JSON (canonical), CycloneDX XML and SPDX 2.3 JSON,
 * written once from the same catalog, plus its components and the files that were skipped.
 */
@Service
public class SbomService {

  static final SbomTool SCANGATE = new SbomTool("scangate",
      String.valueOf(SbomService.class.getPackage().getImplementationVersion() == null
          ? "dev" : SbomService.class.getPackage().getImplementationVersion()));

  private final JdbcClient jdbc;
  private final Clock clock;
  private final CycloneDxWriter cyclonedx = new CycloneDxWriter();
  private final SpdxWriter spdx = new SpdxWriter();

  SbomService(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** What one stored SBOM holds. */
  public record Summary(UUID id, int components, int skipped, String distro) {
  }

  /**
   * Writes and stores the SBOM of a scan, replacing one stored by an earlier attempt of the same
   * scan.
   *
   * @param image the image pinned to its manifest digest
   */
  @Transactional
  public Summary store(UUID scanId, ImageReference image, Platform platform, String mediaType,
      CatalogResult catalog, SbomSource source, String uploadedFormat) {
    Instant now = clock.instant();
    SbomInput input = new SbomInput(image, platform, mediaType, catalog, SCANGATE, now);
    byte[] json = cyclonedx.json(input);
    byte[] xml = cyclonedx.xml(input);
    byte[] spdxJson = spdx.json(input);
    jdbc.sql("delete from sboms where scan_id = :scan").param("scan", scanId).update();
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            insert into sboms (id, scan_id, image_digest, source, uploaded_format, cyclonedx_json,
                               cyclonedx_xml, spdx_json, component_count, distro, catalogers,
                               created_at)
            values (:id, :scan, :digest, :source, :format, :json, :xml, :spdx, :count, :distro,
                    :catalogers, :now)""")
        .param("id", id).param("scan", scanId).param("digest", image.digest().toString())
        .param("source", source.name()).param("format", uploadedFormat).param("json", json)
        .param("xml", xml).param("spdx", spdxJson).param("count", catalog.packages().size())
        .param("distro", catalog.distro() == null ? null : catalog.distro().purlQualifier())
        .param("catalogers", String.join(",", catalog.catalogers()))
        .param("now", Timestamp.from(now)).update();
    int position = 0;
    for (CatalogedPackage p : catalog.packages()) {
      jdbc.sql("""
              insert into sbom_components (sbom_id, position, type, name, version, purl,
                                           source_name, source_version, layer_digest, path,
                                           found_by)
              values (:sbom, :position, :type, :name, :version, :purl, :sourceName,
                      :sourceVersion, :layer, :path, :foundBy)""")
          .param("sbom", id).param("position", position++).param("type", p.type().name())
          .param("name", p.name()).param("version", p.version()).param("purl", p.purl())
          .param("sourceName", p.sourceName()).param("sourceVersion", p.sourceVersion())
          .param("layer", p.layerDigest()).param("path", p.path()).param("foundBy", p.foundBy())
          .update();
    }
    for (SkippedFile skipped : catalog.skipped()) {
      jdbc.sql("""
              insert into sbom_skipped_files (sbom_id, path, cataloger, reason)
              values (:sbom, :path, :cataloger, :reason)""")
          .param("sbom", id).param("path", skipped.path()).param("cataloger", skipped.cataloger())
          .param("reason", skipped.reason()).update();
    }
    return new Summary(id, catalog.packages().size(), catalog.skipped().size(),
        catalog.distro() == null ? null : catalog.distro().purlQualifier());
  }

  /**
   * The canonical CycloneDX JSON of a scan's SBOM, byte for byte as stored, and the catalogers
   * ({@code id@version}) that made it; for attesting it.
   */
  public record CycloneDxSbom(byte[] json, List<String> catalogers) {
    public CycloneDxSbom {
      json = json.clone();
      catalogers = List.copyOf(catalogers);
    }

    @Override
    public byte[] json() {
      return json.clone();
    }
  }

  /** The scan's SBOM as CycloneDX JSON; empty when the scan has none. */
  public Optional<CycloneDxSbom> cycloneDx(UUID scanId) {
    return jdbc.sql("select cyclonedx_json, catalogers from sboms where scan_id = :scan")
        .param("scan", scanId)
        .query((rs, n) -> {
          String catalogers = rs.getString("catalogers");
          return new CycloneDxSbom(rs.getBytes("cyclonedx_json"),
              catalogers == null || catalogers.isEmpty() ? List.of()
                  : List.of(catalogers.split(",")));
        })
        .optional();
  }

  Optional<StoredSbom> findByScan(UUID scanId) {
    return jdbc.sql("select * from sboms where scan_id = :scan").param("scan", scanId)
        .query((rs, n) -> new StoredSbom(rs.getObject("id", UUID.class),
            rs.getObject("scan_id", UUID.class), rs.getString("image_digest"),
            rs.getString("source"), rs.getString("uploaded_format"),
            rs.getBytes("cyclonedx_json"), rs.getBytes("cyclonedx_xml"), rs.getBytes("spdx_json"),
            rs.getInt("component_count"), rs.getTimestamp("created_at").toInstant()))
        .optional();
  }
}
