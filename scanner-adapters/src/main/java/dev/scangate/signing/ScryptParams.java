package dev.scangate.signing;

/**
 * The scrypt cost parameters of an encrypted cosign key (https://www.rfc-editor.org/rfc/rfc7914).
 * Keys written by older cosign releases use N=32768, current ones N=65536; r=8 and p=1 in both.
 *
 * <p>A key file is input: its parameters decide how much memory and time decryption costs, so
 * they are bounded (128·N·r ≤ 256 MiB, p ≤ 16) to keep a hostile file from exhausting the JVM.
 *
 * <pre>{@code
 * String pem = key.encrypt(password, ScryptParams.STANDARD);
 * }</pre>
 *
 * @param n the CPU/memory cost, a power of two greater than 1
 * @param r the block size
 * @param p the parallelization
 */
public record ScryptParams(int n, int r, int p) {

  /** What current cosign writes (go-securesystemslib's standard parameters). */
  public static final ScryptParams STANDARD = new ScryptParams(65536, 8, 1);
  /** What older cosign releases wrote. */
  public static final ScryptParams LEGACY = new ScryptParams(32768, 8, 1);

  private static final long MAX_MEMORY = 256L * 1024 * 1024;
  private static final int MAX_P = 16;

  public ScryptParams {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("scrypt N must be a power of two greater than 1, got "
          + n);
    }
    if (r < 1 || p < 1) {
      throw new IllegalArgumentException("scrypt r and p must be positive, got r=" + r + " p="
          + p);
    }
    if (128L * n * r > MAX_MEMORY || p > MAX_P) {
      throw new IllegalArgumentException("scrypt parameters N=" + n + " r=" + r + " p=" + p
          + " exceed the supported cost (128*N*r <= 256 MiB, p <= " + MAX_P + ")");
    }
  }
}
