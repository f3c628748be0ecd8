package dev.scangate.catalog;

/**
 * A layer blob of an image: a tar, optionally gzip- or zstd-compressed, as its media type says
 * (https://github.com/opencontainers/image-spec/blob/main/layer.md).
 *
 * @param digest blob digest, e.g. {@code sha256:…}
 * @param mediaType OCI or Docker layer media type
 * @param size compressed size in bytes, -1 when unknown
 */
public record Layer(String digest, String mediaType, long size) {
}
