package dev.scangate.signing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/**
 * A {@link Signer} with an ECDSA P-256 key pair held in memory. Thread-safe: every call uses its
 * own {@link Signature}.
 *
 * <pre>{@code
 * Signer signer = new KeyPairSigner(privateKey, publicKey);
 * byte[] der = signer.sign("hello".getBytes(UTF_8));
 * }</pre>
 */
public final class KeyPairSigner implements Signer {

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  /**
   * @throws IllegalArgumentException when the keys are not P-256 or do not belong together
   */
  public KeyPairSigner(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    if (!P256.isP256(privateKey) || !P256.isP256(publicKey)) {
      throw new IllegalArgumentException("KeyPairSigner needs an ECDSA P-256 key pair");
    }
    byte[] probe = "scangate key pair check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!new SignatureVerifier(publicKey).verify(probe, sign(probe))) {
      throw new IllegalArgumentException("the public key does not belong to the private key");
    }
    this.keyId = P256.keyId(publicKey);
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance(P256.SIGNATURE_ALGORITHM);
      signature.initSign(privateKey);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 signing failed", e);
    }
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "KeyPairSigner[keyId " + keyId + "]";
  }
}
