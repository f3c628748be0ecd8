/**
 * Cataloging: what is inside an image. {@link dev.scangate.catalog.ImageCataloger} turns an image
 * into a {@link dev.scangate.catalog.CatalogResult}; the built-in one extracts the layers into a
 * scratch {@link dev.scangate.catalog.ImageFilesystem} and runs one
 * {@link dev.scangate.catalog.PackageCataloger} per ecosystem over it.
 */
package dev.scangate.catalog;
