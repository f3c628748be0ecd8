package dev.scangate.sbom;

import dev.scangate.image.Digest;
import java.util.Arrays;
import java.util.Objects;

/**
 * An encoded SBOM: its bytes, encoding and spec version. scangate stores CycloneDX 1.6 JSON
 * ({@link CycloneDxWriter#document}) and converts on request.
 *
 * <pre>{@code
 * SbomDocument doc = new CycloneDxWriter().document(input);
 * response.contentType(doc.format().mediaType()).body(doc.content());
 * }</pre>
 *
 * @param format the encoding
 * @param specVersion e.g. {@code 1.6} for CycloneDX, {@code SPDX-2.3} for SPDX
 * @param content the encoded document (copied in and out)
 */
public record SbomDocument(SbomFormat format, String specVersion, byte[] content) {

  public SbomDocument {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(specVersion, "specVersion");
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The sha256 digest of the content, e.g. for an attestation subject or a cache key. */
  public Digest digest() {
    return Digest.sha256(content);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SbomDocument that && format == that.format
        && specVersion.equals(that.specVersion) && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, specVersion, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "SbomDocument[" + format + " " + specVersion + ", " + content.length + " bytes]";
  }
}
