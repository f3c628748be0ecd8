package dev.scangate.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Scans of real images in the real test registry, end to end through the REST API. */
class ScanIngestIT extends ScangateIT {

  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  @Test
  void scansSinglePlatformImageAndRecordsIt() throws Exception {
    String expected = registryDigest("scangate-test/files", "1", OCI_MANIFEST);
    Api.Response accepted = api().scan(TestRegistry.open() + "/scangate-test/files:1");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.text("/status")).isEqualTo("QUEUED");
    assertThat(accepted.text("/image/reference"))
        .isEqualTo(TestRegistry.open() + "/scangate-test/files:1");

    Api.Response done = api().awaitFinished(accepted.text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.text("/image/digest")).isEqualTo(expected);
    assertThat(done.text("/image/platform")).isEqualTo("linux/amd64");
    assertThat(done.json().get("stages")).extracting(s -> s.get("name").asString())
        .containsExactly("resolve", "fetch-manifest", "fetch-config", "record-image", "catalog",
            "match", "sign");
    assertThat(done.json().get("stages")).allSatisfy(
        s -> assertThat(s.get("outcome").asString()).isEqualTo("SUCCEEDED"));

    Api.Response image = api().get("/api/v1/images/" + expected);
    assertThat(image.status()).isEqualTo(200);
    JsonNode json = image.json();
    assertThat(json.get("mediaType").asString()).isEqualTo(OCI_MANIFEST);
    assertThat(json.get("platform").asString()).isEqualTo("linux/amd64");
    assertThat(json.get("user").asString()).isEqualTo("1000:1000");
    assertThat(json.get("labels").get("dev.scangate.test").asString()).isEqualTo("files");
    assertThat(json.get("layers")).hasSize(1);
    assertThat(json.get("repositories").get(0).asString())
        .isEqualTo(TestRegistry.open() + "/scangate-test/files");
    assertThat(json.get("tagHistory").get(0).get("tag").asString()).isEqualTo("1");
    assertThat(json.get("latestScan").get("status").asString()).isEqualTo("SUCCEEDED");

    Api.Response list = api().get("/api/v1/images?query=scangate-test/files");
    assertThat(list.json().get("total").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(list.json().get("items")).anySatisfy(
        i -> assertThat(i.get("digest").asString()).isEqualTo(expected));
  }

  @Test
  void picksDefaultPlatformFromMultiArchIndex() throws Exception {
    String index = registryDigest("scangate-test/multi", "1", OCI_INDEX);
    Api.Response done = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/multi:1").text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.text("/image/indexDigest")).isEqualTo(index);
    String child = done.text("/image/digest");
    assertThat(child).isNotEqualTo(index);
    assertThat(api().get("/api/v1/images/" + child).text("/platform")).isEqualTo("linux/amd64");
    Api.Response indexImage = api().get("/api/v1/images/" + index);
    assertThat(indexImage.json().get("children")).extracting(c -> c.get("platform").asString())
        .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
  }

  @Test
  void picksRequestedPlatformFromIndex() {
    Api.Response done = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/multi:1", "linux/arm64").text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(api().get("/api/v1/images/" + done.text("/image/digest")).text("/platform"))
        .isEqualTo("linux/arm64");
  }

  @Test
  void platformAllScansEveryChild() {
    Api.Response parent = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/multi:1", "all").text("/id"));
    assertThat(parent.text("/status")).as(parent.body()).isEqualTo("SUCCEEDED");
    assertThat(parent.json().get("children")).hasSize(2);
    java.util.List<String> platforms = new java.util.ArrayList<>();
    for (JsonNode child : parent.json().get("children")) {
      Api.Response scan = api().awaitFinished(child.asString());
      assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
      assertThat(scan.text("/parent")).isEqualTo(parent.text("/id"));
      platforms.add(api().get("/api/v1/images/" + scan.text("/image/digest")).text("/platform"));
    }
    assertThat(platforms).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
  }

  @Test
  void scansDockerV2Schema2Image() throws Exception {
    String expected = registryDigest("scangate-test/docker-v2", "1", DOCKER_MANIFEST);
    Api.Response done = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/docker-v2:1").text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.text("/image/digest")).isEqualTo(expected);
    assertThat(api().get("/api/v1/images/" + expected).text("/mediaType"))
        .isEqualTo(DOCKER_MANIFEST);
  }

  @Test
  void missingTagFailsNamingTheTag() {
    Api.Response done = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/files:no-such-tag").text("/id"));
    assertThat(done.text("/status")).isEqualTo("FAILED");
    assertThat(done.text("/error")).contains("no-such-tag").containsIgnoringCase("not found");
    assertThat(done.json().get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void registryThatIsDownFailsAfterRetries() {
    Api.Response done = api().awaitFinished(
        api().scan(DOWN_REGISTRY + "/scangate-test/files:1").text("/id"));
    assertThat(done.text("/status")).isEqualTo("FAILED");
    assertThat(done.text("/error")).contains(DOWN_REGISTRY);
    assertThat(done.json().get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void blobNotMatchingItsDigestFailsTheScan() {
    Api.Response done = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/corrupt:1").text("/id"));
    assertThat(done.text("/status")).isEqualTo("FAILED");
    assertThat(done.text("/error")).contains("digest mismatch");
    assertThat(done.json().get("stages")).anySatisfy(s -> {
      assertThat(s.get("name").asString()).isEqualTo("fetch-config");
      assertThat(s.get("outcome").asString()).isEqualTo("FAILED");
    });
    assertThat(count("images where config_digest is not null and digest = '"
        + done.text("/image/digest") + "'")).isZero();
  }

  @Test
  void freshResultIsReusedForTheSameDigest() throws Exception {
    String digest = registryDigest("scangate-test/files", "1", OCI_MANIFEST);
    String ref = TestRegistry.open() + "/scangate-test/files@" + digest;
    Api.Response first = api().awaitFinished(api().scan(ref).text("/id"));
    assertThat(first.text("/status")).isEqualTo("SUCCEEDED");
    Api.Response again = api().scan(ref);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("/id")).isEqualTo(first.text("/id"));
  }

  /** The digest the registry itself reports, computed from the manifest bytes it serves. */
  private static String registryDigest(String repository, String tag, String accept)
      throws Exception {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + TestRegistry.open() + "/v2/" + repository
            + "/manifests/" + tag)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(response.body()));
  }
}
