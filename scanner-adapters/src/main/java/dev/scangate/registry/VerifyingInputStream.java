package dev.scangate.registry;

import dev.scangate.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes a blob while it is read and, at its end, checks the digest and the size. Content is
 * addressed by digest (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs:
 * "clients SHOULD verify that the response body matches the requested digest"), so a body that
 * does not hash to it is refused before the caller can act on its last bytes. A body longer than
 * the descriptor's size is refused as soon as the excess arrives.
 *
 * <p>A caller that closes the stream before its end gets no verification: it did not use the rest.
 */
final class VerifyingInputStream extends FilterInputStream {

  private final Descriptor expected;
  private final String what;
  private final String action;
  private final MessageDigest hash;
  private long count;
  private boolean verified;
  private BlobVerificationException failure;

  /**
   * @param what the blob and where it came from, e.g. {@code blob sha256:… of reg/app}
   */
  VerifyingInputStream(InputStream in, Descriptor expected, String what, String action) {
    super(in);
    this.expected = expected;
    this.what = what;
    this.action = action;
    this.hash = expected.digest().newMessageDigest();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    int n = in.read(b, off, len);
    if (n == -1) {
      verify();
      return -1;
    }
    hash.update(b, off, n);
    count += n;
    if (expected.hasSize() && count > expected.size()) {
      failure = new BlobVerificationException("size mismatch: " + what + " is longer than the "
          + expected.size() + " bytes its descriptor says", null);
      throw failure;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r == -1) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported: every byte must pass through the hash once
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  private void verify() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (verified) {
      return;
    }
    verified = true;
    byte[] actual = hash.digest();
    if (!expected.digest().matches(actual)) {
      Digest actualDigest = Digest.parse(expected.digest().algorithm() + ":"
          + java.util.HexFormat.of().formatHex(actual));
      DigestMismatchException mismatch =
          new DigestMismatchException(action, what, expected.digest(), actualDigest, null);
      failure = new BlobVerificationException(mismatch.getMessage(), mismatch);
    } else if (expected.hasSize() && count != expected.size()) {
      failure = new BlobVerificationException("size mismatch: " + what + " has " + count
          + " bytes, its descriptor says " + expected.size(), null);
    }
    if (failure != null) {
      throw failure;
    }
  }
}
