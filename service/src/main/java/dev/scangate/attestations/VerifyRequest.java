package dev.scangate.attestations;

import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /api/v1/verify}: an image and the key to check it with, either one of
 * scangate's keys by id or any ECDSA P-256 public key as PEM (e.g. another signer's
 * {@code cosign.pub}).
 *
 * <pre>{@code
 * {"image": "ghcr.io/acme/app:1.4.2", "keyId": "3f1c…"}
 * {"image": "ghcr.io/acme/app@sha256:…", "publicKey": "-----BEGIN PUBLIC KEY-----\n…"}
 * }</pre>
 */
record VerifyRequest(@NotBlank String image, String keyId, String publicKey) {
}
