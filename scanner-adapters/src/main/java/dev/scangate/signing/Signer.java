package dev.scangate.signing;

import java.security.PublicKey;

/**
 * Signs bytes with one key: ECDSA P-256 with SHA-256, signatures in ASN.1 DER, as cosign's key
 * signatures are. An interface so a keyless (Fulcio certificate, Rekor entry) or KMS-backed signer
 * can take the place of a local key without changing the code that builds payloads.
 *
 * <pre>{@code
 * Signer signer = CosignPrivateKey.decrypt(pem, password).signer();
 * byte[] sig = signer.sign(payload);
 * new SignatureVerifier(signer.publicKey()).verify(payload, sig);   // true
 * }</pre>
 */
public interface Signer {

  /** The key id, see {@link PublicKeyPem#keyId}. */
  String keyId();

  /** The DER ECDSA P-256 signature over SHA-256 of {@code data}. */
  byte[] sign(byte[] data);

  /** The public key that verifies this signer's signatures. */
  PublicKey publicKey();
}
