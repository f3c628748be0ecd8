package dev.scangate.osv;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.PackageType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real OSV records in {@code src/test/resources/osv/records} (see SOURCES.md there). */
final class OsvFixtures {

  static final List<String> FILES = List.of("DSA-3029-1.json", "DSA-5474-1.json",
      "GHSA-32qq-m9fh-f74w.json", "GHSA-35jh-r3h4-6jhm.json", "GHSA-4v7x-pqxf-cx7m.json",
      "GHSA-75v8-2h7p-7m2m.json", "GHSA-77rv-6vfw-x4gc.json", "GHSA-838r-hvwh-24h8.json",
      "GHSA-f5pg-7wfw-84q9.json", "GHSA-jfh8-c2jp-5v3q.json", "GHSA-mp6f-p9gp-vpj9.json",
      "GHSA-wjx8-cgrm-hh8p.json", "GHSA-xx65-cc7g-9pfp.json", "GO-2022-0969.json",
      "GO-2024-2687.json", "PYSEC-2023-120.json", "alpine-CVE-2022-27449.json");

  private OsvFixtures() {
  }

  static byte[] bytes(String file) {
    try (InputStream in = OsvFixtures.class.getResourceAsStream("/osv/records/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OsvRecord record(String file) {
    try {
      return new OsvRecordParser().parse(bytes(file));
    } catch (InvalidOsvRecordException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  /** Every fixture a scangate ecosystem covers (crates.io and Packagist are not). */
  static List<OsvRecord> matchable() {
    List<OsvRecord> records = new ArrayList<>();
    for (String file : FILES) {
      OsvRecord record = record(file);
      if (record.ecosystems().stream().anyMatch(e -> OsvEcosystem.parse(e).isPresent())) {
        records.add(record);
      }
    }
    return records;
  }

  static CatalogedPackage pkg(PackageType type, String name, String version, String purl) {
    return new CatalogedPackage(type, name, version, purl, null, null, null, List.of(),
        "sha256:0", "/", "test", Confidence.HIGH, Map.of());
  }

  static CatalogedPackage osPkg(PackageType type, String name, String version, String purl,
      String sourceName, String sourceVersion) {
    return new CatalogedPackage(type, name, version, purl, sourceName, sourceVersion, "amd64",
        List.of(), "sha256:0", "/var/lib/dpkg/status", "test", Confidence.HIGH, Map.of());
  }
}
