package dev.scangate.sboms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.Digest;
import dev.scangate.support.Api;
import dev.scangate.support.CraftedImages;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
  private final CraftedImages images = new CraftedImages();

  @Test
  void truncatedGzipLayerFailsTheScanNamingTheLayer() throws Exception {
    byte[] layer = realLayer();
    byte[] truncated = Arrays.copyOf(layer, layer.length / 2);
    String ref = images.push("hostile/truncated", truncated);
    Api.Response done = api().awaitFinished(api().scan(ref).text("/id"));
    assertThat(done.text("/status")).isEqualTo("FAILED");
    assertThat(done.text("/error")).startsWith("catalog: ")
        .contains(Digest.sha256(truncated).toString()).containsIgnoringCase("truncated");
    assertThat(done.json().get("attempts").asInt()).as("a corrupt layer is not retried")
        .isEqualTo(1);
  }

  @Test
  void entriesEscapingTheRootAreRecordedAndIgnored() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("../../../tmp/scangate-escaped-" + UUID.randomUUID(), "escaped");
    files.put("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    String ref = images.push("hostile/traversal", CraftedImages.layer(files));
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
}
