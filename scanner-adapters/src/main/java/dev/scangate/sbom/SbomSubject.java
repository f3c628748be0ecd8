package dev.scangate.sbom;

import dev.scangate.image.Digest;

/**
 * What an SBOM says it describes: CycloneDX {@code metadata.component}, or the SPDX package the
 * document {@code DESCRIBES}.
 *
 * @param name its name as written, e.g. {@code ghcr.io/org/app} or a file path
 * @param digest the image manifest digest when the document states one (as the version, in an
 *     {@code oci} purl, or as Trivy's {@code RepoDigest}); null otherwise
 * @param purl its package URL when it has one, else null
 */
public record SbomSubject(String name, Digest digest, String purl) {
}
