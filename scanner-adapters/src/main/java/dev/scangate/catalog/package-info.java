/**
 * Cataloging: what is inside an image. {@link dev.scangate.catalog.BuiltinCataloger} turns an
 * image's layers into a {@link dev.scangate.catalog.CatalogResult}: it extracts what the
 * catalogers want into a scratch {@link dev.scangate.catalog.ImageFilesystem} and runs one
 * {@link dev.scangate.catalog.PackageCataloger} per ecosystem over it. The Syft adapter
 * ({@code dev.scangate.syft}) produces the same result from a Syft run.
 */
package dev.scangate.catalog;
