package dev.scangate.signing;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's {@code crypto_secretbox} (XSalsa20-Poly1305), composed exactly as NaCl and Go's
 * {@code golang.org/x/crypto/nacl/secretbox} do (https://nacl.cr.yp.to/secretbox.html): the
 * XSalsa20 keystream for (key, nonce) is generated from block 0; its first 32 bytes are the
 * one-time Poly1305 key, the rest is XORed with the message; the box is the 16-byte tag followed
 * by the ciphertext.
 */
final class NaclSecretBox {

  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 24;
  static final int TAG_BYTES = 16;
  private static final int POLY_KEY_BYTES = 32;

  private NaclSecretBox() {
  }

  /** Encrypts and authenticates: tag ‖ ciphertext. */
  static byte[] seal(byte[] message, byte[] nonce, byte[] key) {
    byte[] stream = keystreamXor(new byte[POLY_KEY_BYTES], message, nonce, key);
    byte[] box = new byte[TAG_BYTES + message.length];
    System.arraycopy(stream, POLY_KEY_BYTES, box, TAG_BYTES, message.length);
    byte[] tag = poly1305(stream, box, TAG_BYTES);
    System.arraycopy(tag, 0, box, 0, TAG_BYTES);
    Arrays.fill(stream, (byte) 0);
    return box;
  }

  /** Verifies and decrypts; empty when the tag does not authenticate the box. */
  static Optional<byte[]> open(byte[] box, byte[] nonce, byte[] key) {
    if (box.length < TAG_BYTES) {
      return Optional.empty();
    }
    byte[] ciphertext = Arrays.copyOfRange(box, TAG_BYTES, box.length);
    byte[] stream = keystreamXor(new byte[POLY_KEY_BYTES], ciphertext, nonce, key);
    try {
      byte[] expected = poly1305(stream, box, TAG_BYTES);
      if (!MessageDigest.isEqual(expected, Arrays.copyOf(box, TAG_BYTES))) {
        return Optional.empty();
      }
      return Optional.of(Arrays.copyOfRange(stream, POLY_KEY_BYTES, stream.length));
    } finally {
      Arrays.fill(stream, (byte) 0);
    }
  }

  /** XSalsa20 over (32 zero bytes ‖ data): the Poly1305 key, then data XOR keystream. */
  private static byte[] keystreamXor(byte[] zeros, byte[] data, byte[] nonce, byte[] key) {
    if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("secretbox needs a 32-byte key and a 24-byte nonce");
    }
    byte[] input = new byte[zeros.length + data.length];
    System.arraycopy(zeros, 0, input, 0, zeros.length);
    System.arraycopy(data, 0, input, zeros.length, data.length);
    byte[] output = new byte[input.length];
    XSalsa20Engine engine = new XSalsa20Engine();
    engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    engine.processBytes(input, 0, input.length, output, 0);
    Arrays.fill(input, (byte) 0);
    return output;
  }

  /** Poly1305 with the first 32 bytes of {@code stream} as key, over box[offset..]. */
  private static byte[] poly1305(byte[] stream, byte[] box, int offset) {
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(stream, 0, POLY_KEY_BYTES));
    mac.update(box, offset, box.length - offset);
    byte[] tag = new byte[TAG_BYTES];
    mac.doFinal(tag, 0);
    return tag;
  }
}
