/**
 * Signing keys, signatures and attestations in the service, on the signing library of
 * scanner-adapters ({@code dev.scangate.signing}): cosign-format keys imported or generated and
 * rotated ({@link dev.scangate.attestations.SigningKeys}), signatures and in-toto attestations
 * stored in PostgreSQL and pushed to the image's cosign tags with retries
 * ({@link dev.scangate.attestations.ImageSigning}), their state for scans
 * ({@link dev.scangate.attestations.Attestations}), and the keys, attestations and verify API.
 *
 * <pre>{@code
 * AttestationStatus status = imageSigning.attest(pinned, InTotoStatement.SLSA_VSA_PREDICATE, vsa);
 * }</pre>
 */
package dev.scangate.attestations;
