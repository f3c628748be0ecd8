package dev.scangate.catalogs;

import dev.scangate.catalog.CatalogLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How images are cataloged.
 *
 * @param scratchDirectory where layers are extracted while cataloging (deleted afterwards)
 * @param maxUncompressedSize total uncompressed layer bytes; more fails the scan
 * @param maxEntries total tar entries over all layers; more fails the scan
 * @param maxFileSize largest file a cataloger parses; larger ones are recorded as skipped
 * @param maxArchiveDepth how deep nested archives (jar in war in ear) are opened
 * @param syftBinary a Syft binary to catalog with instead of the built-in catalogers
 * @param syftTimeout how long Syft may run for one image
 */
@ConfigurationProperties("scangate.catalog")
public record CatalogProperties(Path scratchDirectory, DataSize maxUncompressedSize,
    Long maxEntries, DataSize maxFileSize, Integer maxArchiveDepth, Path syftBinary,
    Duration syftTimeout) {

  public CatalogProperties {
    CatalogLimits defaults = CatalogLimits.defaults();
    scratchDirectory = scratchDirectory == null
        ? Path.of(System.getProperty("java.io.tmpdir"), "scangate-catalog") : scratchDirectory;
    maxUncompressedSize = maxUncompressedSize == null
        ? DataSize.ofBytes(defaults.maxUncompressedBytes()) : maxUncompressedSize;
    maxEntries = maxEntries == null ? defaults.maxEntries() : maxEntries;
    maxFileSize = maxFileSize == null ? DataSize.ofBytes(defaults.maxFileBytes()) : maxFileSize;
    maxArchiveDepth = maxArchiveDepth == null ? defaults.maxArchiveDepth() : maxArchiveDepth;
    syftTimeout = syftTimeout == null ? Duration.ofMinutes(10) : syftTimeout;
    if (syftBinary != null && !Files.isExecutable(syftBinary)) {
      throw new IllegalArgumentException("scangate.catalog.syft-binary: " + syftBinary
          + " is not an executable file; install Syft there or remove the setting to use the"
          + " built-in catalogers");
    }
  }

  CatalogLimits limits() {
    return new CatalogLimits(maxUncompressedSize.toBytes(), maxEntries, maxFileSize.toBytes(),
        maxArchiveDepth);
  }
}
