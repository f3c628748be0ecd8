package dev.scangate.signing;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/**
 * Reads and writes public keys as cosign does: a PKIX {@code PUBLIC KEY} PEM block
 * (SubjectPublicKeyInfo, RFC 5280 section 4.1.2.7) holding an ECDSA P-256 key, e.g. the
 * {@code cosign.pub} that {@code cosign generate-key-pair} writes.
 *
 * <pre>{@code
 * ECPublicKey key = PublicKeyPem.parse(Files.readString(Path.of("cosign.pub")));
 * String pem = PublicKeyPem.format(key);   // "-----BEGIN PUBLIC KEY-----\nMFkw…\n-----END PUBLIC KEY-----\n"
 * }</pre>
 */
public final class PublicKeyPem {

  static final String TYPE = "PUBLIC KEY";

  private PublicKeyPem() {
  }

  /**
   * Parses the first PEM block, which must be a {@code PUBLIC KEY} of ECDSA P-256.
   *
   * @throws CosignKeyException with reason MALFORMED, UNSUPPORTED_PEM_TYPE or NOT_ECDSA_P256
   */
  public static ECPublicKey parse(String pem) {
    PemBlock block;
    try {
      block = PemBlock.parse(pem);
    } catch (IllegalArgumentException e) {
      throw new CosignKeyException(CosignKeyException.Reason.MALFORMED,
          "public key: " + e.getMessage(), e);
    }
    if (!TYPE.equals(block.type())) {
      throw new CosignKeyException(CosignKeyException.Reason.UNSUPPORTED_PEM_TYPE,
          "public key: PEM block is \"" + block.type() + "\", expected \"" + TYPE + "\"");
    }
    return P256.publicKeyFromDer(block.bytes(), "the public key");
  }

  /** The key as a {@code PUBLIC KEY} PEM block with 64-character lines and a final newline. */
  public static String format(PublicKey key) {
    if (!P256.isP256(key)) {
      throw new IllegalArgumentException("not an ECDSA P-256 public key: " + key.getAlgorithm());
    }
    return new PemBlock(TYPE, key.getEncoded()).encode();
  }

  /**
   * The key id scangate uses for a public key: the lowercase hex SHA-256 of its DER
   * SubjectPublicKeyInfo, 64 characters. Stable across PEM formatting; also the
   * {@code publicKey.hint} of the Sigstore bundles scangate writes.
   */
  public static String keyId(PublicKey key) {
    return P256.keyId(key);
  }
}
