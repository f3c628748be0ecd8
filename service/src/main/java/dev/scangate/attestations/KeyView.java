package dev.scangate.attestations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A signing key as the API shows it: never the private key, never a password.
 *
 * @param id the key id: lowercase hex SHA-256 of the DER public key (also the
 *     {@code publicKey.hint} of exported Sigstore bundles)
 * @param algorithm {@code ECDSA_P256_SHA256}
 * @param active whether new signatures use this key
 * @param source {@code IMPORTED} (from {@code scangate.signing.key-file}) or {@code GENERATED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(String id, String algorithm, Instant createdAt, boolean active,
    String source, Instant activatedAt) {
}
