package dev.scangate.catalog.layers;

import dev.scangate.catalog.Layer;
import dev.scangate.catalog.LayerSource;
import dev.scangate.image.Digest;
import dev.scangate.image.Platform;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.ImageIndex;
import dev.scangate.registry.ImageManifest;
import dev.scangate.registry.ManifestContent;
import dev.scangate.registry.MediaTypes;
import dev.scangate.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The layers of an image in an OCI image layout on disk
 * (https://github.com/opencontainers/image-spec/blob/main/image-layout.md), as umoci, skopeo
 * ({@code oci:} transport) or {@code docker buildx --output type=oci} write it. The image is
 * chosen in {@code index.json} by tag ({@code org.opencontainers.image.ref.name}) or by manifest
 * digest; an image index in between is resolved by platform. Manifests are verified when read,
 * layer blobs while they are streamed (the stream fails at its end if the digest or size differs).
 *
 * <pre>{@code
 * LayerSource source = new OciLayoutSource(Path.of("/tmp/oci"), "base");
 * LayerSource arm = new OciLayoutSource(Path.of("/tmp/oci"), "multi", Platform.parse("linux/arm64"));
 * }</pre>
 */
public final class OciLayoutSource implements LayerSource {

  /** The annotation that names a tag in {@code index.json} (image-layout.md#indexjson-file). */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final long MAX_MANIFEST_BYTES = 4L << 20;
  private static final int MAX_NESTING = 4;

  private final Path layout;
  private final Digest manifestDigest;
  private final List<Layer> layers;

  /** The image tagged (or with the manifest digest) {@code tagOrDigest}; an index must hold one image. */
  public OciLayoutSource(Path layout, String tagOrDigest) throws IOException {
    this(layout, tagOrDigest, null);
  }

  /**
   * @param platform the platform to pick when the reference names an image index; null to
   *     accept only an index with a single image
   * @throws IOException naming the layout and the reference when the image is not there or its
   *     manifests are broken
   */
  public OciLayoutSource(Path layout, String tagOrDigest, Platform platform) throws IOException {
    this.layout = Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(tagOrDigest, "tagOrDigest");
    if (!Files.isRegularFile(layout.resolve("oci-layout"))) {
      throw new IOException(layout + " is not an OCI image layout: it has no oci-layout file");
    }
    String what = "image " + tagOrDigest + " in OCI layout " + layout;
    Path indexFile = layout.resolve("index.json");
    ImageIndex index = (ImageIndex) parse(read(indexFile, "index.json of " + layout),
        MediaTypes.OCI_INDEX, "index.json of " + layout, true);
    Descriptor chosen = choose(index, tagOrDigest);
    for (int depth = 0; ; depth++) {
      if (depth == MAX_NESTING) {
        throw new IOException(what + ": image indexes nested more than " + MAX_NESTING
            + " deep");
      }
      String blobWhat = "manifest " + chosen.digest() + " of " + what;
      byte[] bytes = readBlob(chosen, blobWhat);
      ManifestContent content = parse(bytes, chosen.mediaType(), blobWhat, false);
      if (!content.isIndex()) {
        this.manifestDigest = chosen.digest();
        List<Layer> found = new ArrayList<>();
        for (Descriptor layer : ((ImageManifest) content).layers()) {
          found.add(new Layer(layer.digest().toString(), layer.mediaType(), layer.size()));
        }
        this.layers = List.copyOf(found);
        return;
      }
      chosen = select((ImageIndex) content, platform, what);
    }
  }

  /** The layout directory. */
  public Path layout() {
    return layout;
  }

  /** The digest of the image manifest the layers come from. */
  public Digest manifestDigest() {
    return manifestDigest;
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  /** Opens a layer blob; reading it to the end verifies its digest and size. */
  @Override
  public InputStream open(Layer layer) throws IOException {
    Digest digest;
    try {
      digest = Digest.parse(layer.digest());
    } catch (IllegalArgumentException e) {
      throw new IOException("layer digest " + layer.digest() + ": " + e.getMessage(), e);
    }
    return new DigestVerifyingInputStream(Files.newInputStream(blobPath(digest)), digest,
        layer.size(), "blob " + digest + " in OCI layout " + layout);
  }

  private Path blobPath(Digest digest) {
    return layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  private static Descriptor choose(ImageIndex index, String tagOrDigest) throws IOException {
    boolean byDigest = tagOrDigest.startsWith("sha256:") || tagOrDigest.startsWith("sha512:");
    TreeSet<String> tags = new TreeSet<>();
    for (Descriptor descriptor : index.manifests()) {
      String tag = descriptor.annotations().get(REF_NAME);
      if (tag != null) {
        tags.add(tag);
      }
      if (byDigest ? descriptor.digest().toString().equals(tagOrDigest)
          : tagOrDigest.equals(tag)) {
        return descriptor;
      }
    }
    throw new IOException("no image " + (byDigest ? "with manifest " : "tagged ")
        + tagOrDigest + " in this OCI layout; tags: "
        + (tags.isEmpty() ? "none" : String.join(", ", tags)));
  }

  private static Descriptor select(ImageIndex index, Platform platform, String what)
      throws IOException {
    if (platform == null) {
      if (index.manifests().size() == 1) {
        return index.manifests().get(0);
      }
      throw new IOException(what + " is an index of " + index.manifests().size()
          + " images; choose a platform: " + index.platforms());
    }
    try {
      return index.select(platform);
    } catch (RegistryException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
  }

  private byte[] readBlob(Descriptor descriptor, String what) throws IOException {
    if (descriptor.size() > MAX_MANIFEST_BYTES) {
      throw new IOException(what + " is " + descriptor.size() + " bytes; manifests larger than "
          + ByteCount.format(MAX_MANIFEST_BYTES) + " are refused");
    }
    try (InputStream in = new DigestVerifyingInputStream(
        Files.newInputStream(blobPath(descriptor.digest())), descriptor.digest(),
        descriptor.size(), what)) {
      return in.readAllBytes();
    }
  }

  private static byte[] read(Path file, String what) throws IOException {
    if (Files.size(file) > MAX_MANIFEST_BYTES) {
      throw new IOException(what + " is larger than " + ByteCount.format(MAX_MANIFEST_BYTES));
    }
    return Files.readAllBytes(file);
  }

  private static ManifestContent parse(byte[] bytes, String mediaType, String what,
      boolean mustBeIndex) throws IOException {
    ManifestContent content;
    try {
      content = ManifestContent.parse(bytes, mediaType);
    } catch (IllegalArgumentException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
    if (mustBeIndex && !content.isIndex()) {
      throw new IOException(what + " is not an image index");
    }
    return content;
  }
}
