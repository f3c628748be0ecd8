package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads images from OCI distribution registries
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md): resolves tags to
 * digests, pulls manifests, configs and layers, and verifies every byte against its digest. It
 * also pushes small blobs and manifests (signatures, attestations, copies of small images).
 *
 * <p>Written on {@code java.net.http} rather than on the ORAS Java SDK 0.7.0, which we evaluated
 * against distribution 2.8 (see ../shared/lab/DEPENDENCIES.md) and which falls short where a
 * security scanner cannot: it does not verify content against the requested digest, corrupts
 * binary blobs read as bytes, re-authenticates with a stale Bearer token, shares a static
 * JVM-wide token cache not keyed by identity, parses {@code WWW-Authenticate} only in one fixed
 * parameter order, fails on config.json edge cases (colons in passwords, {@code credsStore}
 * only, {@code identitytoken}, {@code $DOCKER_CONFIG}), drops the registry's error body, and has
 * neither read timeouts nor retries.
 *
 * <p>One instance per configuration; it is thread-safe and caches Bearer tokens for its own
 * requests only.
 *
 * <pre>{@code
 * RegistryClient client = new RegistryClient(RegistrySettings.defaults());
 * ImageReference ref = ImageReference.parse("ghcr.io/org/app:1.0");
 * FetchedManifest image = client.fetchImageManifest(ref, Platform.DEFAULT);
 * ImageConfig config = client.fetchConfig(image.reference(), image.manifest().config());
 * for (Descriptor layer : image.manifest().layers()) {
 *   try (InputStream in = client.openBlob(image.reference(), layer)) {
 *     // gzip/tar reading; the stream throws BlobVerificationException at its end if corrupt
 *   }
 * }
 *
 * // pushing: blobs first, then the manifest that refers to them
 * ImageReference repo = ImageReference.parse("127.0.0.1:5000/app:sig");
 * client.pushBlob(repo, configBytes);
 * client.pushBlob(repo, layerBytes);
 * Digest pushed = client.pushManifest(repo, MediaTypes.OCI_MANIFEST, manifestBytes);
 * }</pre>
 */
public final class RegistryClient {

  private final RegistryTransport transport;
  private final RegistrySettings settings;

  /**
   * A client with credentials from the Docker config of {@code settings}, the system clock and
   * real sleeping between retries.
   */
  public RegistryClient(RegistrySettings settings) {
    this(settings, Clock.systemUTC());
  }

  /**
   * A client with credentials from the Docker config of {@code settings} and real sleeping
   * between retries.
   *
   * @throws IllegalArgumentException when a configured Docker config is missing or invalid
   */
  public RegistryClient(RegistrySettings settings, Clock clock) {
    this(settings, DockerConfigCredentials.load(settings.dockerConfig()), clock,
        Sleeper.system());
  }

  /**
   * @param credentials where credentials come from, e.g.
   *     {@code CredentialsProvider.of(explicit).orElse(DockerConfigCredentials.load(path))}
   * @param clock for token expiry and {@code Retry-After} dates
   * @param sleeper waits between attempts
   */
  public RegistryClient(RegistrySettings settings, CredentialsProvider credentials, Clock clock,
      Sleeper sleeper) {
    this(settings, credentials, clock, sleeper, HostResolver.system());
  }

  RegistryClient(RegistrySettings settings, CredentialsProvider credentials, Clock clock,
      Sleeper sleeper, HostResolver resolver) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transport = new RegistryTransport(settings, Objects.requireNonNull(credentials),
        Objects.requireNonNull(clock), Objects.requireNonNull(sleeper), resolver);
  }

  /** Performs one endpoint call (for the endpoint classes of this package). */
  <T> T call(ImageReference repo, RegistryEndpoint<T> endpoint) {
    return transport.call(repo, endpoint);
  }

  RegistrySettings settings() {
    return settings;
  }

  /** The access policy this client applies, for callers that check references up front. */
  public RegistryAccessPolicy accessPolicy() {
    return transport.policy();
  }

  /**
   * The digest a reference points to now: a {@code HEAD} of the manifest, falling back to a
   * {@code GET} (and hashing the bytes) when the registry sends no {@code Docker-Content-Digest}
   * or refuses HEAD with 405. spec.md#checking-if-content-exists-in-the-registry says the header
   * SHOULD be sent, not that it must.
   *
   * @throws ManifestNotFoundException when the tag or digest does not exist
   */
  public Digest resolve(ImageReference ref) {
    Digest announced;
    try {
      announced = transport.call(ref, new ManifestEndpoints.Head(ref));
    } catch (RegistryException e) {
      if (e.status() != 405) {
        throw e;
      }
      announced = null; // a registry (or proxy) that does not allow HEAD on manifests
    }
    if (announced == null) {
      return fetchManifest(ref).digest();
    }
    if (ref.digest() != null && !ref.digest().equals(announced)) {
      throw new DigestMismatchException("resolving " + ref, "manifest of " + ref, ref.digest(),
          announced, "according to the registry's Docker-Content-Digest");
    }
    return announced;
  }

  /**
   * Pulls a manifest or index: at most maxManifestBytes, hashed, checked against the reference's
   * digest (when it has one) and the registry's {@code Docker-Content-Digest} (when sent).
   *
   * @throws ManifestNotFoundException when the tag or digest does not exist
   * @throws DigestMismatchException when the bytes do not hash to the requested digest
   * @throws InvalidContentException for schema 1, unknown media types or malformed JSON
   */
  public FetchedManifest fetchManifest(ImageReference ref) {
    return transport.call(ref, new ManifestEndpoints.Pull(ref, settings.maxManifestBytes()));
  }

  /**
   * Pulls the image manifest for a platform: the manifest itself when the reference names one,
   * else the index entry {@link ImageIndex#select selected} for the platform (nested indexes are
   * followed one level deep).
   *
   * @throws PlatformNotFoundException when the index has no manifest for the platform
   */
  public FetchedManifest fetchImageManifest(ImageReference ref, Platform platform) {
    FetchedManifest fetched = fetchManifest(ref);
    for (int depth = 0; depth < 2 && fetched.isIndex(); depth++) {
      Descriptor entry;
      try {
        entry = fetched.index().select(platform);
      } catch (PlatformNotFoundException e) {
        throw new PlatformNotFoundException("selecting a platform from " + fetched.reference(),
            e.requested(), e.available());
      }
      FetchedManifest child = fetchManifest(ref.atDigest(entry.digest()));
      if (child.size() != entry.size()) {
        throw new InvalidContentException("pulling manifest " + entry.digest() + " of "
            + ref.name(), "manifest has " + child.size() + " bytes, the index says "
            + entry.size());
      }
      fetched = child;
    }
    if (fetched.isIndex()) {
      throw new InvalidContentException("pulling " + ref,
          "indexes nested more than two levels deep are not supported");
    }
    return fetched;
  }

  /**
   * Pulls and parses an image config: at most maxConfigBytes, verified against the descriptor's
   * digest and size.
   *
   * @param repo the repository (tag and digest of the reference are ignored)
   * @throws DigestMismatchException when the config does not hash to its digest
   */
  public ImageConfig fetchConfig(ImageReference repo, Descriptor config) {
    BlobEndpoints.Bytes endpoint = new BlobEndpoints.Bytes(repo, config, "config",
        settings.maxConfigBytes(), "maxConfigBytes");
    if (config.hasSize() && config.size() > settings.maxConfigBytes()) {
      throw new InvalidContentException(endpoint.action(), "config is " + config.size()
          + " bytes, more than the limit of " + settings.maxConfigBytes()
          + " bytes (maxConfigBytes)");
    }
    byte[] bytes = transport.call(repo, endpoint);
    try {
      return ImageConfig.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidContentException(endpoint.action(), e.getMessage());
    }
  }

  /**
   * Opens a blob (a layer) as a stream. Nothing is buffered beyond what the reader asks for; the
   * stream hashes what passes through and, at its end, throws {@link BlobVerificationException}
   * when the digest or the descriptor's size does not match. A read that waits longer than
   * readTimeout for a byte throws {@link java.net.SocketTimeoutException}. Close it.
   *
   * @param repo the repository (tag and digest of the reference are ignored)
   */
  public InputStream openBlob(ImageReference repo, Descriptor blob) {
    return transport.call(repo, new BlobEndpoints.Stream(repo, blob));
  }

  /** Opens a blob known only by its digest; the size is not checked. */
  public InputStream openBlob(ImageReference repo, Digest digest) {
    return openBlob(repo, Descriptor.ofDigest(digest));
  }

  /**
   * Like {@link #fetchManifest} but answers empty when the tag or digest does not exist (404,
   * {@code MANIFEST_UNKNOWN}, {@code NAME_UNKNOWN}), e.g. before appending to a signature tag.
   */
  public Optional<FetchedManifest> fetchManifestIfExists(ImageReference ref) {
    try {
      return Optional.of(fetchManifest(ref));
    } catch (ManifestNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Pulls a small blob whole, bounded and verified against the descriptor's digest and size.
   *
   * @param repo the repository (tag and digest of the reference are ignored)
   * @param maxBytes refuse larger blobs, e.g. 16 MiB for an attestation
   * @throws DigestMismatchException when the blob does not hash to its digest
   * @throws InvalidContentException when it is larger than maxBytes
   */
  public byte[] fetchBlob(ImageReference repo, Descriptor blob, long maxBytes) {
    BlobEndpoints.Bytes endpoint = new BlobEndpoints.Bytes(repo, blob, "blob", maxBytes,
        "maxBytes");
    if (blob.hasSize() && blob.size() > maxBytes) {
      throw new InvalidContentException(endpoint.action(), "blob is " + blob.size()
          + " bytes, more than the limit of " + maxBytes + " bytes (maxBytes)");
    }
    return transport.call(repo, endpoint);
  }

  /**
   * Whether the repository holds a blob ({@code HEAD /v2/<name>/blobs/<digest>}), asked with
   * push access as a step of pushing.
   */
  public boolean blobExists(ImageReference repo, Digest digest) {
    try {
      return transport.call(repo, new BlobEndpoints.Head(repo, digest,
          RegistryEndpoint.Access.PUSH));
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Pushes a blob in one piece unless the repository has it already
   * (spec.md#pushing-a-blob-monolithically): {@code POST} opens an upload, {@code PUT ?digest=}
   * sends the bytes. Each request is retried like a pull; when a retried {@code PUT} finds its
   * session gone because an earlier attempt did complete, the blob's presence is accepted.
   * Meant for small blobs (configs, signatures, attestations): the bytes are held whole so a
   * retry can send them again.
   *
   * @param repo the repository (tag and digest of the reference are ignored)
   * @return the sha256 digest of the content, as stored
   * @throws DigestMismatchException when the registry says it stored other bytes
   */
  public Digest pushBlob(ImageReference repo, byte[] content) {
    byte[] held = content.clone();
    Digest digest = Digest.sha256(held);
    if (blobExists(repo, digest)) {
      return digest;
    }
    URI location = transport.call(repo, new BlobUploadEndpoints.Start(repo, digest));
    try {
      return transport.call(repo, new BlobUploadEndpoints.Complete(repo, location, digest, held));
    } catch (RegistryException e) {
      if (e.status() == 404 && blobExists(repo, digest)) {
        return digest;
      }
      throw e;
    }
  }

  /**
   * Pushes a manifest under the reference's tag (or, without a tag, its digest)
   * (spec.md#pushing-manifests). The bytes are pushed exactly as given, after checking that they
   * parse as a manifest or index of {@code mediaType}; the blobs they refer to must be pushed
   * first.
   *
   * @param repoAtTag e.g. {@code 127.0.0.1:5000/app:sha256-….sig}
   * @return the sha256 digest of the bytes, which the registry's {@code Docker-Content-Digest}
   *     confirmed when it sent one
   * @throws InvalidContentException when the bytes are not a manifest of that media type
   * @throws DigestMismatchException when the registry's digest differs from ours
   */
  public Digest pushManifest(ImageReference repoAtTag, String mediaType, byte[] bytes) {
    Objects.requireNonNull(mediaType, "mediaType");
    byte[] held = bytes.clone();
    Digest digest = Digest.sha256(held);
    ImageReference target = repoAtTag.tag() != null ? new ImageReference(repoAtTag.registry(),
        repoAtTag.repository(), repoAtTag.tag(), null) : repoAtTag;
    ManifestEndpoints.Push endpoint = new ManifestEndpoints.Push(target, mediaType, held, digest);
    if (target.digest() != null && !target.digest().equals(digest)) {
      throw new DigestMismatchException(endpoint.action(), "manifest for " + repoAtTag,
          target.digest(), digest, null);
    }
    ManifestContent content;
    try {
      content = ManifestContent.parse(held, mediaType);
    } catch (IllegalArgumentException e) {
      throw new InvalidContentException(endpoint.action(), e.getMessage());
    }
    if (!content.mediaType().equals(mediaType)) {
      throw new InvalidContentException(endpoint.action(), "the manifest says its media type is "
          + content.mediaType() + ", not " + mediaType);
    }
    return transport.call(target, endpoint);
  }

  /** For tests: how many Bearer tokens this client holds. */
  int cachedTokens() {
    return transport.cachedTokens();
  }
}
