package dev.scangate.catalog;

/**
 * A regular file of the final (squashed) image filesystem.
 *
 * @param path absolute, normalized path inside the image, e.g. {@code /var/lib/dpkg/status}
 * @param size size in bytes
 * @param mode permission bits (e.g. {@code 0755})
 * @param layerDigest digest of the layer this version of the file came from
 * @param layerIndex position of that layer, 0 for the base
 */
public record FileEntry(String path, long size, int mode, String layerDigest, int layerIndex) {

  public boolean executable() {
    return (mode & 0111) != 0;
  }
}
