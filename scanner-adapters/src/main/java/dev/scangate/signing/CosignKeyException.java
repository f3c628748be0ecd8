package dev.scangate.signing;

import java.util.Objects;

/**
 * A key could not be used: a cosign private key that does not decrypt or is not ECDSA P-256, or
 * a public key PEM that is not one. The message says which, and never contains key material or
 * the password; {@link #reason()} lets a caller (an API, a startup check) react to the kind.
 *
 * <pre>{@code
 * try {
 *   CosignPrivateKey key = CosignPrivateKey.decrypt(pem, password);
 * } catch (CosignKeyException e) {
 *   if (e.reason() == CosignKeyException.Reason.WRONG_PASSWORD) { … ask again … }
 * }
 * }</pre>
 */
public class CosignKeyException extends RuntimeException {

  /** The kind of problem. */
  public enum Reason {
    /** The NaCl secretbox authentication failed: wrong password (or a modified ciphertext). */
    WRONG_PASSWORD,
    /** The key decrypts, but not to PKCS#8 (e.g. a SEC1 {@code EC PRIVATE KEY}). */
    NOT_PKCS8,
    /** A key of another algorithm or curve than ECDSA P-256. */
    NOT_ECDSA_P256,
    /** Broken PEM armour, base64, JSON or DER. */
    MALFORMED,
    /** A PEM block of a type that is not expected here (e.g. a public key given as private). */
    UNSUPPORTED_PEM_TYPE,
    /** A key derivation function other than scrypt, or scrypt parameters out of bounds. */
    UNSUPPORTED_KDF,
    /** A cipher other than {@code nacl/secretbox}. */
    UNSUPPORTED_CIPHER
  }

  private final Reason reason;

  public CosignKeyException(Reason reason, String message) {
    this(reason, message, null);
  }

  public CosignKeyException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
