package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The calls of the OCI distribution spec 1.1 that {@link OciReferrers} makes: a manifest
 * {@code PUT} that reports the registry's {@code OCI-Subject} header and sends conditions, a
 * manifest {@code GET} that keeps the {@code ETag}, and {@code GET /v2/<name>/referrers/<digest>}
 * (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#listing-referrers).
 */
final class ReferrersEndpoints {

  /** The header a registry with the referrers API sends when it processed a subject. */
  static final String OCI_SUBJECT = "OCI-Subject";
  /** The header naming the filters the registry applied to a referrers list. */
  static final String OCI_FILTERS_APPLIED = "OCI-Filters-Applied";

  private static final Pattern LINK_NEXT = Pattern.compile(
      "<([^>]*)>\\s*;[^,]*?rel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);

  private ReferrersEndpoints() {
  }

  /** What a manifest PUT answered: the digest, and the {@code OCI-Subject} header if sent. */
  record Put(Digest digest, Digest ociSubject) {
  }

  /** A manifest as pulled, with the registry's {@code ETag} (null when it sent none). */
  record Tagged(FetchedManifest manifest, String etag) {
  }

  /** One page of a referrers list. */
  record Page(List<Referrer> referrers, boolean artifactTypeFiltered, URI next) {
  }

  /** The {@code OCI-Subject} header as a digest; null when absent or not a digest. */
  static Digest ociSubject(Optional<String> header) {
    if (header.isEmpty() || header.get().isBlank()) {
      return null;
    }
    try {
      return Digest.parse(header.get().strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether {@code OCI-Filters-Applied} lists {@code artifactType} (comma separated). */
  static boolean artifactTypeFiltered(List<String> headers) {
    for (String header : headers) {
      for (String filter : header.split(",")) {
        if (filter.strip().equals("artifactType")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The {@code rel="next"} target of {@code Link} headers (RFC 8288), resolved; else null. */
  static URI nextLink(List<String> headers, URI base) {
    for (String header : headers) {
      Matcher m = LINK_NEXT.matcher(header);
      if (m.find()) {
        try {
          return base.resolve(m.group(1).strip());
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The descriptors of a referrers index (the API's answer or the tag schema's index). */
  static List<Referrer> parseIndex(byte[] bytes, String what) {
    JsonNode root = JsonFields.object(bytes, what);
    List<Referrer> referrers = new ArrayList<>();
    List<JsonNode> entries = JsonFields.optionalArray(root, "manifests", what);
    for (int i = 0; i < entries.size(); i++) {
      referrers.add(Referrer.parse(entries.get(i), what + ".manifests[" + i + "]"));
    }
    return List.copyOf(referrers);
  }

  /**
   * PUT of a manifest with conditions. Registries that implement conditional requests answer
   * 412 when the condition fails; others ignore the headers.
   */
  static final class ConditionalPut implements RegistryEndpoint<Put> {
    private final ImageReference ref;
    private final String mediaType;
    private final byte[] bytes;
    private final Digest digest;
    private final Map<String, String> headers;

    /** @param conditions e.g. {@code If-Match: "sha256:…"}; may be empty */
    ConditionalPut(ImageReference ref, String mediaType, byte[] bytes,
        Map<String, String> conditions) {
      this.ref = ref;
      this.mediaType = mediaType;
      this.bytes = bytes;
      this.digest = Digest.sha256(bytes);
      this.headers = Map.copyOf(conditions);
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
    public Map<String, String> headers() {
      return headers;
    }

    @Override
    public Put handle(RegistryResponse response) {
      response.close();
      Digest announced = ManifestEndpoints.headerDigest(response);
      if (announced != null && !announced.equals(digest)) {
        throw new DigestMismatchException(action(), "manifest pushed to " + ref, digest,
            announced, "according to the registry's Docker-Content-Digest, we sent " + digest);
      }
      return new Put(digest, ociSubject(response.header(OCI_SUBJECT)));
    }
  }

  /** GET of a manifest that also returns the {@code ETag}, for a conditional update. */
  static final class TaggedPull implements RegistryEndpoint<Tagged> {
    private final ManifestEndpoints.Pull pull;

    TaggedPull(ImageReference ref, long maxBytes) {
      this.pull = new ManifestEndpoints.Pull(ref, maxBytes);
    }

    @Override
    public String action() {
      return pull.action();
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return pull.path();
    }

    @Override
    public List<String> accept() {
      return pull.accept();
    }

    @Override
    public Tagged handle(RegistryResponse response) throws IOException {
      FetchedManifest manifest = pull.handle(response);
      String etag = response.header("ETag").map(String::strip).filter(s -> !s.isEmpty())
          .orElse(null);
      return new Tagged(manifest, etag);
    }

    @Override
    public RegistryException notFound(int status, List<RegistryError> errors) {
      return pull.notFound(status, errors);
    }
  }

  /**
   * {@code GET /v2/<name>/referrers/<digest>[?artifactType=…]}, or a next page from a
   * {@code Link} header. A registry without the API answers 404, which the caller turns into the
   * fallback to the referrers tag schema.
   */
  static final class ListPage implements RegistryEndpoint<Page> {
    private final ImageReference repo;
    private final Digest subject;
    private final String artifactType;
    private final URI next;
    private final long maxBytes;

    ListPage(ImageReference repo, Digest subject, String artifactType, URI next, long maxBytes) {
      this.repo = repo;
      this.subject = subject;
      this.artifactType = artifactType;
      this.next = next;
      this.maxBytes = maxBytes;
    }

    @Override
    public String action() {
      return "listing referrers of " + subject + " in " + repo.name();
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      String path = "/v2/" + repo.repository() + "/referrers/" + subject;
      return artifactType == null ? path
          : path + "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
    }

    @Override
    public URI uri(RegistryTransport.Target target) {
      if (next == null) {
        return target.uri(path());
      }
      // A next page stays on the registry: our Authorization goes with the request.
      if (!target.scheme().equals(next.getScheme())
          || !target.authority().equals(RegistryTransport.authority(next))) {
        throw new RegistryException(action(), "the registry's next page "
            + RegistryTransport.redact(next) + " is not on " + target.scheme() + "://"
            + target.authority(), -1, List.of(), false, null);
      }
      return next;
    }

    @Override
    public List<String> accept() {
      return List.of(MediaTypes.OCI_INDEX);
    }

    @Override
    public Page handle(RegistryResponse response) throws IOException {
      byte[] bytes = response.readAtMost(maxBytes, action(), "referrers list",
          "maxManifestBytes");
      List<Referrer> referrers;
      try {
        referrers = parseIndex(bytes, "referrers list");
      } catch (IllegalArgumentException e) {
        throw new InvalidContentException(action(), e.getMessage());
      }
      return new Page(referrers, artifactTypeFiltered(response.headers(OCI_FILTERS_APPLIED)),
          nextLink(response.headers("Link"), response.uri()));
    }
  }

  /** Request headers in a stable order, for messages. */
  static Map<String, String> conditions(String ifMatch, boolean ifNoneMatchAny) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (ifMatch != null) {
      headers.put("If-Match", ifMatch);
    }
    if (ifNoneMatchAny) {
      headers.put("If-None-Match", "*");
    }
    return headers;
  }
}
