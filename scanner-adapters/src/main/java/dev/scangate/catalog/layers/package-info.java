/**
 * Reading image layers into the final filesystem an image runs with:
 * {@link dev.scangate.catalog.layers.LayerExtractor} streams each layer blob once (gzip, zstd or
 * plain tar), applies it as a container runtime would, and returns an
 * {@link dev.scangate.catalog.layers.ExtractedFilesystem} that holds the content of the files
 * the catalogers want. {@link dev.scangate.catalog.layers.OciLayoutSource} reads images from an
 * OCI layout on disk.
 *
 * <p>Choices, and where they come from:
 *
 * <ul>
 *   <li>Whiteouts follow https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts:
 *       {@code .wh.<name>} and {@code .wh..wh..opq} hide what lower layers made, never what the
 *       same layer made, whatever the order of entries in the tar.
 *   <li>Paths resolve as in a chroot at the image root, as containerd's {@code fs.RootPath}
 *       (applying layers) and Syft (reading images) do: {@code ..} at the root stays at the
 *       root, absolute symlink targets start at the image root, at most 40 symlinks are
 *       followed. A file of an upper layer whose parent is a directory symlink of a lower layer
 *       lands where the symlink leads, as containerd puts it.
 *   <li>Entry names that climb above the root ({@code ../../etc/passwd}) are ignored with a
 *       warning, not clamped: no well-formed layer has one.
 *   <li>Content is written to the scratch directory under generated names
 *       ({@code 000042-status}), never under the path from the layer, and symlinks exist only in
 *       the index: no path from a layer is ever used on disk, names that the platform charset
 *       cannot encode or that are too long for the disk's filesystem cause no failure, and a
 *       file replacing a directory in a later layer needs no disk operation. Hard links share
 *       their target's scratch file.
 *   <li>Compression is the one the media type names, confirmed by the first bytes; the bytes win
 *       when they disagree (some tools label plain tars as gzip).
 * </ul>
 */
package dev.scangate.catalog.layers;
