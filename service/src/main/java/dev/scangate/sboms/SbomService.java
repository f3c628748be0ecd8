package dev.scangate.sboms;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.sbom.CycloneDxWriter;
import dev.scangate.sbom.SbomInput;
import dev.scangate.sbom.SbomTool;
import dev.scangate.sbom.SpdxWriter;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
                                           found_by, licenses)
              values (:sbom, :position, :type, :name, :version, :purl, :sourceName,
                      :sourceVersion, :layer, :path, :foundBy, :licenses)""")
          .param("sbom", id).param("position", position++).param("type", p.type().name())
          .param("name", p.name()).param("version", p.version()).param("purl", p.purl())
          .param("sourceName", p.sourceName()).param("sourceVersion", p.sourceVersion())
          .param("layer", p.layerDigest()).param("path", p.path()).param("foundBy", p.foundBy())
          .param("licenses", p.licenses().toArray(new String[0])).update();
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

  /**
   * A scan's stored SBOM as the matchers read it: the catalog rebuilt from its components and the
   * distro recorded with it, and the canonical CycloneDX JSON.
   */
  public record StoredCatalog(UUID scanId, String imageDigest, CatalogResult catalog,
      byte[] cycloneDxJson) {
  }

  /** The SBOM of a scan, for matching; empty when the scan has none. */
  public Optional<StoredCatalog> catalog(UUID scanId) {
    return jdbc.sql("select id, image_digest, distro, catalogers, cyclonedx_json from sboms"
            + " where scan_id = :scan").param("scan", scanId)
        .query((rs, n) -> {
          UUID id = rs.getObject("id", UUID.class);
          String catalogers = rs.getString("catalogers");
          List<CatalogedPackage> packages = jdbc.sql("""
                  select * from sbom_components where sbom_id = :sbom order by position""")
              .param("sbom", id)
              .query((c, i) -> new CatalogedPackage(PackageType.valueOf(c.getString("type")),
                  c.getString("name"), c.getString("version"), c.getString("purl"),
                  c.getString("source_name"), c.getString("source_version"), null, licenses(c),
                  c.getString("layer_digest"), c.getString("path"),
                  c.getString("found_by") == null ? "sbom" : c.getString("found_by"),
                  Confidence.HIGH, Map.of()))
              .list();
          return new StoredCatalog(scanId, rs.getString("image_digest"),
              new CatalogResult(distro(rs.getString("distro")), packages, List.of(),
                  catalogers == null || catalogers.isEmpty() ? List.of()
                      : List.of(catalogers.split(","))),
              rs.getBytes("cyclonedx_json"));
        })
        .optional();
  }

  /** The {@code licenses} column of a component row, in the order they were recorded. */
  private static List<String> licenses(ResultSet row) throws SQLException {
    Array array = row.getArray("licenses");
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  /** The distro a {@code distro} column holds ({@code debian-12}), or null. */
  static Distro distro(String qualifier) {
    if (qualifier == null || qualifier.isBlank()) {
      return null;
    }
    int hyphen = qualifier.lastIndexOf('-');
    return hyphen <= 0 || hyphen == qualifier.length() - 1 ? new Distro(qualifier, null, null,
        null, null) : new Distro(qualifier.substring(0, hyphen), qualifier.substring(hyphen + 1),
        null, null, null);
  }

  /** The latest successful scan with an SBOM of one image digest. */
  public record LatestSbom(UUID scanId, String imageDigest) {
  }

  /**
   * Per image digest, the latest successful scan with an SBOM, when that SBOM has a component
   * whose name or source package name has one of the name keys (lower case, the last segment
   * after {@code /} or {@code :}, runs of {@code -_.} as {@code -}), or when the scan is one of
   * {@code scans}.
   */
  public List<LatestSbom> latestTouching(Collection<String> nameKeys, Collection<UUID> scans) {
    return jdbc.sql("""
            with latest as (
              select distinct on (s.image_digest) s.id, s.scan_id, s.image_digest
                from sboms s join scans c on c.id = s.scan_id
               where c.status = 'SUCCEEDED'
               order by s.image_digest, c.finished_at desc, s.created_at desc)
            select l.scan_id, l.image_digest from latest l
             where l.scan_id = any(:scans)
                or exists (select 1 from sbom_components sc where sc.sbom_id = l.id and (
                     regexp_replace(lower(regexp_replace(sc.name, '^.*[/:]', '')), '[-_.]+',
                                    '-', 'g') = any(:names)
                  or regexp_replace(lower(regexp_replace(coalesce(sc.source_name, ''),
                                    '^.*[/:]', '')), '[-_.]+', '-', 'g') = any(:names)))
             order by l.image_digest""")
        .param("scans", scans.toArray(new UUID[0]))
        .param("names", nameKeys.toArray(new String[0]))
        .query((rs, n) -> new LatestSbom(rs.getObject(1, UUID.class), rs.getString(2)))
        .list();
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
