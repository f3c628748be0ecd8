package dev.scangate.catalog.layers;

import java.util.List;
import java.util.Objects;

/**
 * What reading one layer gave.
 *
 * <pre>{@code
 * for (LayerOutcome layer : fs.layers()) {
 *   log.info("{}: {} entries, {} warnings", layer.digest(), layer.entries(), layer.warnings());
 * }
 * }</pre>
 *
 * @param digest the layer's digest
 * @param mediaType the layer's media type as its source gave it
 * @param compression how the blob was read: {@code gzip}, {@code zstd} or {@code none}
 * @param entries tar entries read (PAX and GNU long-name headers are part of their entry)
 * @param uncompressedBytes bytes of tar after decompression
 * @param compressedBytes bytes of the blob
 * @param filesExtracted files whose content was written to the scratch directory, including
 *     those a later layer deleted or replaced
 * @param warnings what was ignored or repaired, e.g. {@code entry ../../etc/passwd escapes the
 *     image root: ignored}
 */
public record LayerOutcome(String digest, String mediaType, String compression, long entries,
    long uncompressedBytes, long compressedBytes, long filesExtracted, List<String> warnings) {

  public LayerOutcome {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(compression, "compression");
    warnings = List.copyOf(warnings);
  }
}
