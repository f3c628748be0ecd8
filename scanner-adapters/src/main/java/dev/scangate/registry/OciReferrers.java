package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Attaches artifacts to images and lists them, per the OCI distribution spec 1.1
 * (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md).
 *
 * <p>Attaching pushes the artifact's blobs and then its manifest, by digest, with the image as
 * {@code subject} (spec.md#pushing-manifests-with-subject). A registry with the referrers API
 * answers that PUT with {@code OCI-Subject}, and lists the manifest from then on. Without that
 * header the client must maintain the index of the referrers tag schema itself
 * (spec.md#referrers-tag-schema, spec.md#unavailable-referrers-api): the tag
 * {@code <alg>-<hex>} of the image's digest holds an OCI image index whose {@code manifests} are
 * the referrers' descriptors. The index is read, our descriptor appended when it is missing
 * (every other entry is kept byte for byte, in order), and written back. The write is conditional
 * ({@code If-Match} with the {@code ETag} read, {@code If-None-Match: *} when there was no index)
 * so a registry that implements conditional requests refuses it with 412 when another client
 * changed the index in between; registries that ignore the conditions (distribution 2.8 does)
 * are checked by reading the index again after the write. In both cases a lost race is merged
 * again and retried, at most {@value #MAX_ATTEMPTS} times. Updates made through one instance are
 * serialized per tag. On a registry without conditional writes, a client in another process that
 * writes the index between our write and our check can still drop our entry unnoticed: callers
 * in several processes serialize per image themselves (scangate uses a PostgreSQL advisory lock).
 *
 * <p>Listing asks {@code GET /v2/<name>/referrers/<digest>} (with {@code artifactType}, filtering
 * here too when the registry did not say it filtered, and following {@code Link} pages) and falls
 * back to the tag schema's index when the registry answers 404.
 *
 * <pre>{@code
 * OciReferrers referrers = new OciReferrers(client);
 * ImageReference image = ImageReference.parse("127.0.0.1:5000/app@sha256:7afc…");
 * ReferrerPush pushed = referrers.attach(image, artifact);
 * pushed.via();                                   // TAG_SCHEMA on distribution 2.8
 * referrers.list(image, "application/vnd.dev.sigstore.bundle.v0.3+json").referrers();
 * }</pre>
 */
public final class OciReferrers {

  /** How often a tag schema update is retried when another writer changed the index. */
  static final int MAX_ATTEMPTS = 5;
  private static final int MAX_PAGES = 100;

  private static final int LOCK_STRIPES = 64;

  private final RegistryClient client;
  /** Serializes this instance's updates of one index (striped by tag), across threads. */
  private final Object[] indexLocks = new Object[LOCK_STRIPES];

  public OciReferrers(RegistryClient client) {
    this.client = Objects.requireNonNull(client, "client");
    for (int i = 0; i < LOCK_STRIPES; i++) {
      indexLocks[i] = new Object();
    }
  }

  /**
   * The referrers tag schema's tag of an image: {@code <alg>-<ref>}, the algorithm truncated to
   * 32 characters and the encoded digest to 64 (spec.md#referrers-tag-schema).
   */
  public static ImageReference fallbackTag(ImageReference image) {
    Digest digest = requireDigest(image);
    String alg = truncate(digest.algorithm(), 32);
    String ref = truncate(digest.hex(), 64);
    return new ImageReference(image.registry(), image.repository(), alg + "-" + ref, null);
  }

  /**
   * Attaches the artifact to the image, through the referrers API when the registry has it, else
   * through the tag schema's index.
   *
   * @param image the subject, pinned to its manifest digest
   * @throws RegistryException when a push fails, the tag holds something other than an image
   *     index, or other writers kept changing the index
   */
  public ReferrerPush attach(ImageReference image, ReferrerArtifact artifact) {
    requireDigest(image);
    Descriptor subject = client.fetchManifest(image).descriptor();
    ImageReference tagged = fallbackTag(image);
    for (ReferrerArtifact.Layer layer : artifact.layers()) {
      client.pushBlob(tagged, layer.content());
    }
    client.pushBlob(tagged, ReferrerArtifact.EMPTY_CONTENT);
    byte[] manifest = artifact.manifest(subject);
    Digest manifestDigest = Digest.sha256(manifest);
    ImageReference byDigest = image.withDigest(manifestDigest);
    ReferrersEndpoints.Put put = putManifest(tagged, byDigest, manifest, artifact);
    // spec.md#pushing-manifests-with-subject: a registry that supports the referrers API MUST
    // answer with OCI-Subject; without it the client MUST update the tag schema's index.
    if (subject.digest().equals(put.ociSubject())) {
      return new ReferrerPush(byDigest, manifestDigest, ReferrerPush.Via.REFERRERS_API, null, 0);
    }
    Referrer ours = new Referrer(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length,
        artifact.artifactType(), artifact.annotations());
    synchronized (indexLocks[Math.floorMod(tagged.toString().hashCode(), LOCK_STRIPES)]) {
      return appendToIndex(tagged, byDigest, ours);
    }
  }

  /**
   * Pushes the artifact manifest. Distribution answers 400 {@code DIGEST_INVALID} or
   * {@code MANIFEST_BLOB_UNKNOWN} when another writer is uploading one of its blobs (the shared
   * empty config) at the same moment; the blobs are pushed again and the manifest retried.
   */
  private ReferrersEndpoints.Put putManifest(ImageReference tagged, ImageReference byDigest,
      byte[] manifest, ReferrerArtifact artifact) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.call(byDigest, new ReferrersEndpoints.ConditionalPut(byDigest,
            MediaTypes.OCI_MANIFEST, manifest, Map.of()));
      } catch (RegistryException e) {
        boolean blobRace = e.status() == 400 && e.errors().stream().anyMatch(err ->
            "DIGEST_INVALID".equals(err.code()) || "MANIFEST_BLOB_UNKNOWN".equals(err.code()));
        if (!blobRace || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        for (ReferrerArtifact.Layer layer : artifact.layers()) {
          client.pushBlob(tagged, layer.content());
        }
        client.pushBlob(tagged, ReferrerArtifact.EMPTY_CONTENT);
        try {
          Thread.sleep(25L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private ReferrerPush appendToIndex(ImageReference tag, ImageReference manifest,
      Referrer ours) {
    String action = "adding " + ours.digest() + " to the referrers index " + tag;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<ReferrersEndpoints.Tagged> current = readIndex(tag);
      List<Referrer> before = current.map(t -> entries(t.manifest(), tag)).orElse(List.of());
      if (before.stream().anyMatch(r -> r.digest().equals(ours.digest()))) {
        // spec.md: duplicate entries SHOULD NOT be created.
        FetchedManifest index = current.get().manifest();
        return new ReferrerPush(manifest, ours.digest(), ReferrerPush.Via.TAG_SCHEMA,
            index.reference(), before.size());
      }
      byte[] updated = withEntry(current.map(ReferrersEndpoints.Tagged::manifest).orElse(null),
          ours, tag);
      Map<String, String> conditions = current.isPresent()
          ? ReferrersEndpoints.conditions(current.get().etag(), false)
          : ReferrersEndpoints.conditions(null, true);
      try {
        client.call(tag, new ReferrersEndpoints.ConditionalPut(tag, MediaTypes.OCI_INDEX,
            updated, conditions));
      } catch (RegistryException e) {
        if (e.status() == 412) {
          continue; // another writer changed the index since we read it: read it again
        }
        throw e;
      }
      // The registry may have ignored the condition: check that what is there now still has
      // every entry we read and ours (a writer that raced us without conditions may not).
      Optional<ReferrersEndpoints.Tagged> after = readIndex(tag);
      if (after.isPresent()) {
        Set<Digest> now = digests(entries(after.get().manifest(), tag));
        Set<Digest> wanted = digests(before);
        wanted.add(ours.digest());
        if (now.containsAll(wanted)) {
          return new ReferrerPush(manifest, ours.digest(), ReferrerPush.Via.TAG_SCHEMA,
              tag.withDigest(after.get().manifest().digest()), now.size());
        }
      }
    }
    throw new RegistryException(action, "the index kept changing under other writers; gave up"
        + " after " + MAX_ATTEMPTS + " attempts", -1, List.of(), false, null);
  }

  private Optional<ReferrersEndpoints.Tagged> readIndex(ImageReference tag) {
    try {
      return Optional.of(client.call(tag, new ReferrersEndpoints.TaggedPull(tag,
          client.settings().maxManifestBytes())));
    } catch (ManifestNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The entries of the tag schema's index; refuses a tag holding anything but an OCI index. */
  private static List<Referrer> entries(FetchedManifest index, ImageReference tag) {
    // spec.md: "If that pull returns a manifest other than the expected image index, the client
    // SHOULD report a failure and skip the remaining steps."
    if (!MediaTypes.OCI_INDEX.equals(index.mediaType())) {
      throw new InvalidContentException("reading the referrers index " + tag, "the tag holds "
          + index.mediaType() + ", not an OCI image index");
    }
    try {
      return ReferrersEndpoints.parseIndex(index.bytes(), "referrers index");
    } catch (IllegalArgumentException e) {
      throw new InvalidContentException("reading the referrers index " + tag, e.getMessage());
    }
  }

  /** The index with our descriptor appended, every other field and entry kept as it was. */
  private static byte[] withEntry(FetchedManifest existing, Referrer ours, ImageReference tag) {
    ObjectNode root;
    if (existing == null) {
      root = JsonFields.MAPPER.createObjectNode();
      root.put("schemaVersion", 2);
      root.put("mediaType", MediaTypes.OCI_INDEX);
      root.putArray("manifests");
    } else {
      JsonNode parsed = JsonFields.object(existing.bytes(), "referrers index " + tag);
      root = (ObjectNode) parsed;
      if (!root.path("manifests").isArray()) {
        root.putArray("manifests");
      }
    }
    ObjectNode entry = ((ArrayNode) root.get("manifests")).addObject();
    entry.put("mediaType", ours.mediaType());
    entry.put("digest", ours.digest().toString());
    entry.put("size", ours.size());
    entry.put("artifactType", ours.artifactType());
    if (!ours.annotations().isEmpty()) {
      ObjectNode annotations = entry.putObject("annotations");
      ours.annotations().forEach(annotations::put);
    }
    return JsonFields.MAPPER.writeValueAsBytes(root);
  }

  /**
   * The image's referrers, optionally only those of one artifact type: from the referrers API,
   * or from the tag schema's index when the registry answers the API with 404.
   *
   * @param artifactType null for all
   */
  public ReferrersListing list(ImageReference image, String artifactType) {
    Digest subject = requireDigest(image);
    ImageReference repo = image;
    List<Referrer> found = new ArrayList<>();
    boolean filtered = true;
    URI next = null;
    try {
      for (int page = 0; page < MAX_PAGES; page++) {
        ReferrersEndpoints.Page answer = client.call(repo, new ReferrersEndpoints.ListPage(repo,
            subject, artifactType, next, client.settings().maxManifestBytes()));
        found.addAll(answer.referrers());
        filtered &= answer.artifactTypeFiltered();
        next = answer.next();
        if (next == null) {
          break;
        }
      }
    } catch (RegistryException e) {
      if (e.status() != 404) {
        throw e;
      }
      // spec.md#unavailable-referrers-api: a 404 from the referrers API means falling back to
      // the tag schema.
      ImageReference tag = fallbackTag(image);
      List<Referrer> entries = readIndex(tag).map(t -> entries(t.manifest(), tag))
          .orElse(List.of());
      return new ReferrersListing(only(entries, artifactType), ReferrerPush.Via.TAG_SCHEMA);
    }
    // spec.md#listing-referrers: without OCI-Filters-Applied the client filters.
    return new ReferrersListing(filtered ? found : only(found, artifactType),
        ReferrerPush.Via.REFERRERS_API);
  }

  private static List<Referrer> only(List<Referrer> referrers, String artifactType) {
    if (artifactType == null) {
      return referrers;
    }
    return referrers.stream().filter(r -> artifactType.equals(r.artifactType())).toList();
  }

  private static Set<Digest> digests(List<Referrer> referrers) {
    Set<Digest> digests = new LinkedHashSet<>();
    referrers.forEach(r -> digests.add(r.digest()));
    return digests;
  }

  private static Digest requireDigest(ImageReference image) {
    if (image.digest() == null) {
      throw new IllegalArgumentException("referrers are attached to an image by digest, not by"
          + " tag: " + image);
    }
    return image.digest();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
