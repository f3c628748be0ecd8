package dev.scangate.attestations;

import dev.scangate.signing.Signer;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * A {@link Signer} that answers with a signature made earlier and stored in the database: a
 * simple signature is signed and stored first, and pushed (perhaps on a later retry) with
 * {@code CosignStorage.attachSignature}, which then carries exactly the stored signature. It
 * signs nothing else: other data is refused, so a payload built differently on the push cannot
 * go out with a signature that does not belong to it.
 */
final class StoredSignatureSigner implements Signer {

  private final String keyId;
  private final PublicKey publicKey;
  private final byte[] payload;
  private final byte[] signature;

  StoredSignatureSigner(String keyId, PublicKey publicKey, byte[] payload, byte[] signature) {
    this.keyId = keyId;
    this.publicKey = publicKey;
    this.payload = payload.clone();
    this.signature = signature.clone();
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public byte[] sign(byte[] data) {
    if (!Arrays.equals(data, payload)) {
      throw new IllegalStateException("the payload to push differs from the stored payload"
          + " signed with key " + keyId);
    }
    return signature.clone();
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "StoredSignatureSigner[keyId " + keyId + "]";
  }
}
