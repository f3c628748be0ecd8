package dev.scangate.catalog.layers;

import dev.scangate.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes a blob while it is read and checks digest and size at its end: content in an OCI
 * layout is addressed by digest, and "the content SHOULD be verified against the digest"
 * (https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests). A failure is
 * sticky: every later read repeats it, so a reader that swallowed it once still sees it.
 */
final class DigestVerifyingInputStream extends FilterInputStream {

  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest hash;
  private long count;
  private boolean verified;
  private IOException failure;

  /**
   * @param expectedSize size from the descriptor, -1 when unknown
   * @param what the blob and where it is, e.g. {@code blob sha256:… in OCI layout /tmp/oci}
   */
  DigestVerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    this.hash = expected.newMessageDigest();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      verify();
      return -1;
    }
    hash.update(b, off, n);
    count += n;
    if (expectedSize >= 0 && count > expectedSize) {
      failure = new IOException(what + " is longer than the " + expectedSize
          + " bytes its descriptor says");
      throw failure;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (r < 0) {
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
    // every byte passes the hash once
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    verified = true;
    byte[] actual = hash.digest();
    if (!expected.matches(actual)) {
      failure = new IOException(what + " does not match its digest: its content hashes to "
          + expected.algorithm() + ":" + HexFormat.of().formatHex(actual));
    } else if (expectedSize >= 0 && count != expectedSize) {
      failure = new IOException(what + " has " + count + " bytes, its descriptor says "
          + expectedSize);
    }
    if (failure != null) {
      throw failure;
    }
  }
}
