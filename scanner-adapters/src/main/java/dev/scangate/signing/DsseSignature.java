package dev.scangate.signing;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature of a DSSE envelope
 * (https://github.com/secure-systems-lab/dsse/blob/master/envelope.md): an optional, unauthenticated
 * key id hint and the signature bytes (DER ECDSA for cosign keys).
 *
 * <pre>{@code
 * DsseSignature s = envelope.signatures().get(0);
 * s.keyid();   // "" in cosign's envelopes
 * }</pre>
 *
 * @param keyid the key id hint, empty when none
 * @param sig the signature bytes; the accessor returns a copy
 */
public record DsseSignature(String keyid, byte[] sig) {

  public DsseSignature {
    Objects.requireNonNull(keyid, "keyid");
    if (sig == null || sig.length == 0) {
      throw new IllegalArgumentException("a DSSE signature needs signature bytes");
    }
    sig = sig.clone();
  }

  @Override
  public byte[] sig() {
    return sig.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DsseSignature that && keyid.equals(that.keyid)
        && Arrays.equals(sig, that.sig);
  }

  @Override
  public int hashCode() {
    return 31 * keyid.hashCode() + Arrays.hashCode(sig);
  }

  @Override
  public String toString() {
    return "DsseSignature[keyid=" + keyid + ", sig=" + Base64.getEncoder().encodeToString(sig)
        + "]";
  }
}
