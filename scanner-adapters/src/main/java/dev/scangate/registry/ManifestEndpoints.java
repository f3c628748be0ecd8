package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest endpoints of the distribution spec
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests):
 * {@code HEAD} and {@code GET /v2/<name>/manifests/<reference>}, and {@code PUT} to push one
 * (spec.md#pushing-manifests).
 */
final class ManifestEndpoints {

  private static final Logger log = LoggerFactory.getLogger(ManifestEndpoints.class);

  private ManifestEndpoints() {
  }

  static String path(ImageReference ref) {
    return "/v2/" + ref.repository() + "/manifests/" + ref.manifestReference();
  }

  /** The registry's {@code Docker-Content-Digest}, or null when absent or not a digest. */
  static Digest headerDigest(RegistryResponse response) {
    Optional<String> header = response.header("Docker-Content-Digest");
    if (header.isEmpty()) {
      return null;
    }
    try {
      return Digest.parse(header.get().strip());
    } catch (IllegalArgumentException e) {
      log.debug("ignoring invalid Docker-Content-Digest \"{}\" from {}", header.get(),
          RegistryTransport.redact(response.uri()));
      return null;
    }
  }

  /** HEAD: the digest from the header without downloading the manifest; null when absent. */
  static final class Head implements RegistryEndpoint<Digest> {
    private final ImageReference ref;

    Head(ImageReference ref) {
      this.ref = ref;
    }

    @Override
    public String action() {
      return "resolving " + ref;
    }

    @Override
    public String method() {
      return "HEAD";
    }

    @Override
    public String path() {
      return ManifestEndpoints.path(ref);
    }

    @Override
    public List<String> accept() {
      return MediaTypes.MANIFEST_ACCEPT;
    }

    @Override
    public Digest handle(RegistryResponse response) {
      response.close();
      return headerDigest(response);
    }

    @Override
    public RegistryException notFound(int status, List<RegistryError> errors) {
      return new ManifestNotFoundException(action(), status, errors);
    }
  }

  /** GET: the exact bytes, bounded, hashed and checked against the requested digest. */
  static final class Pull implements RegistryEndpoint<FetchedManifest> {
    private final ImageReference ref;
    private final long maxBytes;

    Pull(ImageReference ref, long maxBytes) {
      this.ref = ref;
      this.maxBytes = maxBytes;
    }

    @Override
    public String action() {
      return "pulling manifest " + ref.manifestReference() + " of " + ref.name();
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return ManifestEndpoints.path(ref);
    }

    @Override
    public List<String> accept() {
      return MediaTypes.MANIFEST_ACCEPT;
    }

    @Override
    public FetchedManifest handle(RegistryResponse response) throws IOException {
      byte[] bytes = response.readAtMost(maxBytes, action(), "manifest", "maxManifestBytes");
      Digest requested = ref.digest();
      Digest actual = requested != null ? requested.of(bytes) : Digest.sha256(bytes);
      // spec.md#pulling-manifests: a client pulling by digest must verify the content.
      if (requested != null && !requested.equals(actual)) {
        throw new DigestMismatchException(action(), "manifest of " + ref, requested, actual,
            null);
      }
      Digest announced = headerDigest(response);
      if (announced != null && !announced.equals(announced.of(bytes))) {
        throw new DigestMismatchException(action(), "manifest of " + ref, announced,
            announced.of(bytes), "but the registry's Docker-Content-Digest says " + announced);
      }
      ManifestContent content;
      try {
        content = ManifestContent.parse(bytes, response.header("Content-Type").orElse(null));
      } catch (IllegalArgumentException e) {
        throw new InvalidContentException(action(), e.getMessage());
      }
      return FetchedManifest.of(ref, actual, bytes, content);
    }

    @Override
    public RegistryException notFound(int status, List<RegistryError> errors) {
      return new ManifestNotFoundException(action(), status, errors);
    }
  }

  /**
   * PUT: pushes manifest bytes under a tag or digest. The registry answers 201 and should send
   * the digest it computed ({@code Docker-Content-Digest}); when it does, it must equal the
   * sha256 of what we sent.
   */
  static final class Push implements RegistryEndpoint<Digest> {
    private final ImageReference ref;
    private final String mediaType;
    private final byte[] bytes;
    private final Digest digest;

    /** @param bytes held, not copied: the caller hands them over */
    Push(ImageReference ref, String mediaType, byte[] bytes, Digest digest) {
      this.ref = ref;
      this.mediaType = mediaType;
      this.bytes = bytes;
      this.digest = digest;
    }

    @Override
    public String action() {
      return "pushing manifest " + digest + " to " + ref.name() + ":" + ref.manifestReference();
    }

    @Override
    public String method() {
      return "PUT";
    }

    @Override
    public String path() {
      return ManifestEndpoints.path(ref);
    }

    @Override
    public List<String> accept() {
      return List.of();
    }

    @Override
    public Access access() {
      return Access.PUSH;
    }

    @Override
    public byte[] body() {
      return bytes;
    }

    @Override
    public String contentType() {
      return mediaType;
    }

    @Override
    public Digest handle(RegistryResponse response) {
      response.close();
      Digest announced = headerDigest(response);
      if (announced != null && !announced.equals(digest)) {
        throw new DigestMismatchException(action(), "manifest pushed to " + ref, digest,
            announced, "according to the registry's Docker-Content-Digest, we sent " + digest);
      }
      return digest;
    }
  }
}
