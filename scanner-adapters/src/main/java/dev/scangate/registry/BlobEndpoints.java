package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code GET /v2/<name>/blobs/<digest>}
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs). Registries
 * often answer with a redirect to blob storage; the transport follows it. {@code HEAD} asks whether
 * a blob exists (spec.md#checking-if-content-exists-in-the-registry).
 */
final class BlobEndpoints {

  private BlobEndpoints() {
  }

  private abstract static class BlobGet<T> implements RegistryEndpoint<T> {
    final ImageReference repo;
    final Descriptor descriptor;
    private final String kind;

    BlobGet(ImageReference repo, Descriptor descriptor, String kind) {
      this.repo = repo;
      this.descriptor = descriptor;
      this.kind = kind;
    }

    @Override
    public String action() {
      return "pulling " + kind + " " + descriptor.digest() + " of " + repo.name();
    }

    String what() {
      return kind + " " + descriptor.digest() + " of " + repo.name();
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/v2/" + repo.repository() + "/blobs/" + descriptor.digest();
    }

    @Override
    public List<String> accept() {
      return List.of();
    }
  }

  /** A small blob (an image config) read whole, bounded and verified. */
  static final class Bytes extends BlobGet<byte[]> {
    private final long maxBytes;
    private final String limitName;

    Bytes(ImageReference repo, Descriptor descriptor, String kind, long maxBytes,
        String limitName) {
      super(repo, descriptor, kind);
      this.maxBytes = maxBytes;
      this.limitName = limitName;
    }

    @Override
    public byte[] handle(RegistryResponse response) throws IOException {
      byte[] bytes = response.readAtMost(maxBytes, action(), what(), limitName);
      Digest actual = descriptor.digest().of(bytes);
      if (!actual.equals(descriptor.digest())) {
        throw new DigestMismatchException(action(), what(), descriptor.digest(), actual, null);
      }
      if (descriptor.hasSize() && bytes.length != descriptor.size()) {
        throw new InvalidContentException(action(), what() + " has " + bytes.length
            + " bytes, its descriptor says " + descriptor.size());
      }
      return bytes;
    }
  }

  /** A blob of any size as a stream that verifies digest and size at its end. */
  static final class Stream extends BlobGet<InputStream> {

    Stream(ImageReference repo, Descriptor descriptor) {
      super(repo, descriptor, "blob");
    }

    @Override
    public InputStream handle(RegistryResponse response) {
      long announced = response.contentLength();
      if (descriptor.hasSize() && announced >= 0 && announced != descriptor.size()) {
        throw new InvalidContentException(action(), "the registry announced " + announced
            + " bytes for " + what() + ", its descriptor says " + descriptor.size());
      }
      return new VerifyingInputStream(response.body(), descriptor, what(), action());
    }
  }

  /**
   * HEAD: whether the repository has the blob. Answers true on 2xx; a 404 reaches the caller as a
   * {@link RegistryException} with status 404.
   */
  static final class Head implements RegistryEndpoint<Boolean> {
    private final ImageReference repo;
    private final Digest digest;
    private final Access access;

    Head(ImageReference repo, Digest digest, Access access) {
      this.repo = repo;
      this.digest = digest;
      this.access = access;
    }

    @Override
    public String action() {
      return "checking for blob " + digest + " in " + repo.name();
    }

    @Override
    public String method() {
      return "HEAD";
    }

    @Override
    public String path() {
      return "/v2/" + repo.repository() + "/blobs/" + digest;
    }

    @Override
    public List<String> accept() {
      return List.of();
    }

    @Override
    public Access access() {
      return access;
    }

    @Override
    public Boolean handle(RegistryResponse response) {
      response.close();
      return Boolean.TRUE;
    }
  }
}
