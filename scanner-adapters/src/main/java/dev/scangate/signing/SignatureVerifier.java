package dev.scangate.signing;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;

/**
 * Verifies ECDSA P-256 / SHA-256 DER signatures with one public key, e.g. a {@code cosign.pub}.
 * Thread-safe.
 *
 * <pre>{@code
 * SignatureVerifier verifier = SignatureVerifier.fromPem(Files.readString(Path.of("cosign.pub")));
 * boolean ok = verifier.verify(payloadBytes, derSignature);
 * }</pre>
 */
public final class SignatureVerifier {

  private final PublicKey publicKey;
  private final String keyId;

  /** @throws IllegalArgumentException when the key is not ECDSA P-256 */
  public SignatureVerifier(PublicKey publicKey) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    if (!P256.isP256(publicKey)) {
      throw new IllegalArgumentException("not an ECDSA P-256 public key: "
          + publicKey.getAlgorithm());
    }
    this.keyId = P256.keyId(publicKey);
  }

  /**
   * A verifier for a {@code PUBLIC KEY} PEM.
   *
   * @throws CosignKeyException when the PEM is not an ECDSA P-256 public key
   */
  public static SignatureVerifier fromPem(String pem) {
    return new SignatureVerifier(PublicKeyPem.parse(pem));
  }

  /**
   * Whether {@code signature} (ASN.1 DER) is this key's signature over {@code data}. A signature
   * that is not valid DER is simply not a valid signature: false.
   */
  public boolean verify(byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(P256.SIGNATURE_ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (SignatureException e) {
      return false; // malformed DER: not a signature by this key
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the P-256 key was refused by the JCA provider", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA verification is not available", e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** See {@link PublicKeyPem#keyId}. */
  public String keyId() {
    return keyId;
  }

  @Override
  public String toString() {
    return "SignatureVerifier[keyId " + keyId + "]";
  }
}
