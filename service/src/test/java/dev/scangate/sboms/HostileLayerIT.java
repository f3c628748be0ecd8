package dev.scangate.sboms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Images with hostile layers, pushed to the real registry by our own client: each scan ends with
 * a clear recorded outcome. The layers are crafted here (a truncated copy of a real layer, a tar
 * whose entries climb out of the root) because no tool produces them on purpose.
 */
class HostileLayerIT extends ScangateIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final RegistryClient client = new RegistryClient(RegistrySettings.defaults()
      .withAllowed(TestRegistry.open()).withInsecure(TestRegistry.open()));

  @Test
  void truncatedGzipLayerFailsTheScanNamingTheLayer() throws Exception {
    byte[] layer = realLayer();
    byte[] truncated = Arrays.copyOf(layer, layer.length / 2);
    String ref = push("truncated", truncated);
    Api.Response done = api().awaitFinished(api().scan(ref).text("/id"));
    assertThat(done.text("/status")).isEqualTo("FAILED");
    assertThat(done.text("/error")).startsWith("catalog: ")
        .contains(Digest.sha256(truncated).toString()).containsIgnoringCase("truncated");
    assertThat(done.json().get("attempts").asInt()).as("a corrupt layer is not retried")
        .isEqualTo(1);
  }

  @Test
  void entriesEscapingTheRootAreRecordedAndIgnored() throws Exception {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(tar))) {
      entry(out, "../../../tmp/scangate-escaped-" + UUID.randomUUID(), "escaped");
      entry(out, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    }
    String ref = push("traversal", tar.toByteArray());
    Api.Response done = api().awaitFinished(api().scan(ref).text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.json().get("stages")).anySatisfy(s -> {
      assertThat(s.get("name").asString()).isEqualTo("catalog");
      assertThat(s.get("detail").asString()).contains("1 files skipped");
    });
    assertThat(jdbc.sql("select reason from sbom_skipped_files f join sboms s on s.id = f.sbom_id"
            + " where s.scan_id = cast(:id as uuid)").param("id", done.text("/id"))
        .query(String.class).list()).singleElement().asString().contains("escapes");
  }

  private static void entry(TarArchiveOutputStream out, String name, String content)
      throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(bytes.length);
    out.putArchiveEntry(entry);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  /** The layer of the real test image scangate-test/files:1. */
  private static byte[] realLayer() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://" + TestRegistry.open() + "/v2/scangate-test/files/";
    JsonNode manifest = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(
            base + "manifests/1")).header("Accept", "application/vnd.oci.image.manifest.v1+json")
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    return http.send(HttpRequest.newBuilder(URI.create(base + "blobs/"
            + manifest.get("layers").get(0).get("digest").asString())).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  /** Pushes a one-layer linux/amd64 image with this layer blob; returns its tag reference. */
  private String push(String name, byte[] layer) {
    ImageReference repo = ImageReference.parse(TestRegistry.open() + "/hostile/" + name + ":"
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
