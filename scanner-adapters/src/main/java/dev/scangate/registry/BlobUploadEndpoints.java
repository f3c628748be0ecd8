package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A monolithic blob upload in two requests
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-a-blob-monolithically):
 * {@code POST /v2/<name>/blobs/uploads/} opens a session and answers {@code 202} with its
 * {@code Location}; {@code PUT <location>?digest=<digest>} with the whole blob closes it with
 * {@code 201}.
 */
final class BlobUploadEndpoints {

  private BlobUploadEndpoints() {
  }

  /** POST: opens an upload session; the result is the absolute URI to PUT the blob to. */
  static final class Start implements RegistryEndpoint<URI> {
    private final ImageReference repo;
    private final Digest digest;

    Start(ImageReference repo, Digest digest) {
      this.repo = repo;
      this.digest = digest;
    }

    @Override
    public String action() {
      return "starting the upload of blob " + digest + " to " + repo.name();
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/v2/" + repo.repository() + "/blobs/uploads/";
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
    public URI handle(RegistryResponse response) {
      response.close();
      if (response.status() != 202) {
        throw new RegistryException(action(), "expected 202 Accepted with an upload location,"
            + " got " + response.status(), response.status(), List.of(), false, null);
      }
      Optional<String> location = response.header("Location");
      if (location.isEmpty() || location.get().isBlank()) {
        throw new RegistryException(action(), "the registry sent no upload Location",
            response.status(), List.of(), false, null);
      }
      try {
        // The Location may be relative to the URI that answered (spec.md#post-then-put).
        return response.uri().resolve(location.get().strip());
      } catch (IllegalArgumentException e) {
        throw new RegistryException(action(), "the registry sent an invalid upload Location",
            response.status(), List.of(), false, e);
      }
    }
  }

  /** PUT: sends the whole blob to the session and closes it. */
  static final class Complete implements RegistryEndpoint<Digest> {
    private final ImageReference repo;
    private final URI location;
    private final Digest digest;
    private final byte[] content;

    /** @param content held, not copied: the caller hands it over */
    Complete(ImageReference repo, URI location, Digest digest, byte[] content) {
      this.repo = repo;
      this.location = location;
      this.digest = digest;
      this.content = content;
    }

    @Override
    public String action() {
      return "uploading blob " + digest + " (" + content.length + " bytes) to " + repo.name();
    }

    @Override
    public String method() {
      return "PUT";
    }

    @Override
    public String path() {
      return location.getRawPath();
    }

    /**
     * The session's Location plus {@code digest=}. The session must live on the registry itself:
     * our Authorization goes with the request, and a Location on another host or scheme is
     * refused rather than handed our credentials.
     */
    @Override
    public URI uri(RegistryTransport.Target target) {
      URI base = target.uri("/");
      if (!target.scheme().equals(location.getScheme())
          || !target.authority().equals(RegistryTransport.authority(location))) {
        throw new RegistryException(action(), "the registry's upload Location "
            + RegistryTransport.redact(location) + " is not on " + base.getScheme() + "://"
            + target.authority() + "; refusing to send the blob and credentials elsewhere", -1,
            List.of(), false, null);
      }
      String query = location.getRawQuery();
      String digestParam = "digest=" + URLEncoder.encode(digest.toString(),
          StandardCharsets.UTF_8);
      return URI.create(target.scheme() + "://" + target.authority() + location.getRawPath()
          + "?" + (query == null || query.isEmpty() ? "" : query + "&") + digestParam);
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
      return content;
    }

    @Override
    public String contentType() {
      return "application/octet-stream";
    }

    @Override
    public Digest handle(RegistryResponse response) {
      response.close();
      Digest announced = ManifestEndpoints.headerDigest(response);
      if (announced != null && !announced.equals(digest)) {
        throw new DigestMismatchException(action(), "blob uploaded to " + repo.name(), digest,
            announced, "according to the registry's Docker-Content-Digest, we sent " + digest);
      }
      return digest;
    }
  }
}
