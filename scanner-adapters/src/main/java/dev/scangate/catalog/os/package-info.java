/**
 * Operating-system packages: {@link dev.scangate.catalog.os.OsRelease} tells the distro from
 * os-release, and one {@link dev.scangate.catalog.PackageCataloger} per package manager reads its
 * database: {@link dev.scangate.catalog.os.DpkgCataloger} (Debian, Ubuntu, distroless),
 * {@link dev.scangate.catalog.os.ApkCataloger} (Alpine, Wolfi) and
 * {@link dev.scangate.catalog.os.RpmCataloger} (RHEL, Fedora, Rocky, Alma, Amazon Linux).
 *
 * <pre>{@code
 * List<PackageCataloger> os = List.of(new DpkgCataloger(), new ApkCataloger(),
 *     new RpmCataloger(scratchDirectory));
 * Optional<Distro> distro = OsRelease.detect(filesystem); // the CatalogContext's distro
 * }</pre>
 *
 * <p>The layer extractor must keep the files {@link dev.scangate.catalog.os.OsRelease#wants}
 * names in addition to those the catalogers want.
 */
package dev.scangate.catalog.os;
