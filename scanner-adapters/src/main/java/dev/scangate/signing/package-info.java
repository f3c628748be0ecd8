/**
 * Signatures and attestations interoperable with cosign, in plain Java: cosign's encrypted key
 * format ({@link dev.scangate.signing.CosignPrivateKey}, {@link dev.scangate.signing.CosignKeys}),
 * ECDSA P-256 signing behind the {@link dev.scangate.signing.Signer} interface, DSSE envelopes of
 * in-toto statements ({@link dev.scangate.signing.DsseEnvelope},
 * {@link dev.scangate.signing.InTotoStatement}), Sigstore bundle export
 * ({@link dev.scangate.signing.SigstoreBundle}), cosign simple signing payloads
 * ({@link dev.scangate.signing.SimpleSigningPayload}) and cosign's {@code .sig}/{@code .att} tag
 * layout in a registry ({@link dev.scangate.signing.CosignStorage}).
 *
 * <pre>{@code
 * CosignPrivateKey key = CosignPrivateKey.decrypt(Files.readString(keyFile), password);
 * CosignStorage storage = new CosignStorage(registryClient);
 * storage.attachSignature(image, key.signer(), Map.of());
 * byte[] statement = InTotoStatement.of(List.of(InTotoSubject.of(image.name(), image.digest())),
 *     InTotoStatement.CYCLONEDX_PREDICATE, sbomJson).toJson();
 * storage.attachAttestation(image,
 *     DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement, key.signer()));
 * }</pre>
 */
package dev.scangate.signing;
