package dev.scangate.signing;

import java.util.Objects;

/**
 * A freshly generated cosign key pair, as {@code cosign generate-key-pair} writes it: the
 * encrypted private key ({@code cosign.key}, scrypt N=65536 r=8 p=1, PEM type
 * {@code ENCRYPTED SIGSTORE PRIVATE KEY}) and the public key ({@code cosign.pub}).
 *
 * <pre>{@code
 * CosignKeys keys = CosignKeys.generate(password);
 * Files.writeString(dir.resolve("cosign.key"), keys.encryptedPrivateKeyPem());
 * Files.writeString(dir.resolve("cosign.pub"), keys.publicKeyPem());
 * Signer signer = keys.key().signer();
 * }</pre>
 *
 * @param encryptedPrivateKeyPem the private key, encrypted with the password
 * @param publicKeyPem the PKIX {@code PUBLIC KEY} PEM
 * @param key the decrypted key, for signing right away
 */
public record CosignKeys(String encryptedPrivateKeyPem, String publicKeyPem,
    CosignPrivateKey key) {

  public CosignKeys {
    Objects.requireNonNull(encryptedPrivateKeyPem, "encryptedPrivateKeyPem");
    Objects.requireNonNull(publicKeyPem, "publicKeyPem");
    Objects.requireNonNull(key, "key");
  }

  /** Generates a P-256 key pair and encrypts the private key with {@code password}. */
  public static CosignKeys generate(char[] password) {
    CosignPrivateKey key = CosignPrivateKey.generate();
    return new CosignKeys(key.encrypt(password), key.publicKeyPem(), key);
  }

  /** The key id of the pair, see {@link PublicKeyPem#keyId}. */
  public String keyId() {
    return key.keyId();
  }

  @Override
  public String toString() {
    return "CosignKeys[keyId " + keyId() + "]";
  }
}
