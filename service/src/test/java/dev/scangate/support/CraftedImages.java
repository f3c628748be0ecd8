package dev.scangate.support;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One-layer linux/amd64 images pushed to the open test registry by our own registry client, for
 * layers no tool produces on purpose (a truncated blob, entries climbing out of the root, a
 * package database with a broken stanza).
 */
public final class CraftedImages {

  private final RegistryClient client = new RegistryClient(RegistrySettings.defaults()
      .withAllowed(TestRegistry.open()).withInsecure(TestRegistry.open()));

  /** A gzipped tar holding these files (path in the image without leading {@code /} → text). */
  public static byte[] layer(Map<String, String> files) {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(tar))) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
        entry.setSize(bytes.length);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tar.toByteArray();
  }

  /**
   * Pushes a one-layer image with this layer blob to {@code <open registry>/<repository>} under
   * a fresh tag; returns the tag reference.
   */
  public String push(String repository, byte[] layer) {
    ImageReference repo = ImageReference.parse(TestRegistry.open() + "/" + repository + ":"
        + UUID.randomUUID().toString().substring(0, 8));
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":"
        + "\"layers\",\"diff_ids\":[]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
    Digest configDigest = client.pushBlob(repo, config);
    Digest layerDigest = client.pushBlob(repo, layer);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest"
        + ".v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
        + "\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{"
        + "\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
        + layerDigest + "\",\"size\":" + layer.length + "}]}";
    client.pushManifest(repo, "application/vnd.oci.image.manifest.v1+json",
        manifest.getBytes(StandardCharsets.UTF_8));
    return repo.toString();
  }
}
