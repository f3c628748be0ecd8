/**
 * Package catalogers for language ecosystems, one per ecosystem, each a
 * {@link dev.scangate.catalog.PackageCataloger} to register in a
 * {@link dev.scangate.catalog.CatalogerRegistry}:
 * {@link dev.scangate.catalog.lang.JavaArchiveCataloger} ({@code java-archive}),
 * {@link dev.scangate.catalog.lang.NpmCataloger} ({@code npm}),
 * {@link dev.scangate.catalog.lang.PythonCataloger} ({@code python}) and
 * {@link dev.scangate.catalog.lang.GoBinaryCataloger} ({@code go-module-binary}).
 *
 * <pre>{@code
 * new CatalogerRegistry(List.of(new JavaArchiveCataloger(), new NpmCataloger(),
 *     new PythonCataloger(), new GoBinaryCataloger()));
 * }</pre>
 *
 * <p>Package URLs are built by packageurl-java and canonical. A file a cataloger cannot parse
 * (too large for {@code CatalogLimits.maxFileBytes}, truncated, malformed) is reported through
 * {@link dev.scangate.catalog.CatalogContext#skipped} and the rest is still cataloged.
 */
package dev.scangate.catalog.lang;
