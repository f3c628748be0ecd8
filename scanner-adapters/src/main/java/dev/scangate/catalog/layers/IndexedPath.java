package dev.scangate.catalog.layers;

import java.util.Objects;

/**
 * What the index of an {@link ExtractedFilesystem} knows about one path, whether or not its
 * content was extracted.
 *
 * <pre>{@code
 * fs.lookup("/etc/os-release");
 * // IndexedPath[path=/etc/os-release, kind=SYMLINK, size=0, mode=511,
 * //   linkTarget=../usr/lib/os-release, layerDigest=sha256:…, layerIndex=0, extracted=false]
 * }</pre>
 *
 * @param path the real path: directory symlinks on the way were resolved, the last component
 *     was not
 * @param kind what the path is
 * @param size bytes of a regular file or hard link; 0 otherwise
 * @param mode permission bits
 * @param linkTarget a symlink's target as written in the layer, or the real path a hard link
 *     points to; null for other kinds
 * @param layerDigest digest of the layer this version of the path came from; null for the root
 * @param layerIndex position of that layer, 0 for the base; -1 for the root
 * @param extracted whether the content is available through the filesystem
 */
public record IndexedPath(String path, EntryKind kind, long size, int mode, String linkTarget,
    String layerDigest, int layerIndex, boolean extracted) {

  public IndexedPath {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
  }
}
