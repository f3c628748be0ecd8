package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pushes blobs and manifests to the real open registry, into repositories of its own
 * ({@code scangate-push-test/<random>}) so other tests' images are not disturbed; and through a
 * proxy that records, fails or lies, for what the real registry never does on request.
 */
class RegistryPushIT {

  private static final HttpClient UPSTREAM = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

  private static String registry;
  private static RegistryClient client;

  @BeforeAll
  static void connect() {
    registry = TestRegistries.open();
    client = clientFor(registry, new RecordingSleeper());
  }

  private static RegistryClient clientFor(String authority, Sleeper sleeper) {
    return new RegistryClient(RegistrySettings.defaults().withAllowed(authority)
        .withInsecure(authority).withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)),
        CredentialsProvider.anonymous(), Clock.systemUTC(), sleeper);
  }

  private static String newRepository() {
    return "scangate-push-test/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void copiesAnImageByteForByteAndPullsItBack() throws Exception {
    ImageReference source = ImageReference.parse(registry + "/scangate-test/files:1");
    ImageReference target = ImageReference.parse(registry + "/" + newRepository() + ":copy");

    Digest pushed = copy(client, source, target);

    FetchedManifest original = client.fetchManifest(source);
    FetchedManifest copied = client.fetchManifest(target);
    assertThat(pushed).isEqualTo(original.digest());
    assertThat(copied.bytes()).isEqualTo(original.bytes());
    assertThat(client.fetchConfig(copied.reference(), copied.manifest().config()).raw())
        .isEqualTo(client.fetchConfig(original.reference(), original.manifest().config()).raw());
    try (InputStream in = client.openBlob(target, copied.manifest().layers().get(0))) {
      assertThat(in.readAllBytes()).hasSize((int) copied.manifest().layers().get(0).size());
    }
  }

  @Test
  void fetchManifestIfExistsAnswersEmptyForAMissingTagOrRepository() {
    String repository = newRepository();
    ImageReference missing = ImageReference.parse(registry + "/" + repository + ":nope");

    assertThat(client.fetchManifestIfExists(missing)).isEmpty();
    assertThat(client.fetchManifestIfExists(ImageReference.parse(registry
        + "/scangate-test/files:1"))).isPresent();
  }

  @Test
  void aBlobTheRepositoryHasIsNotUploadedAgain() {
    ImageReference repo = ImageReference.parse(registry + "/" + newRepository() + ":x");
    byte[] blob = ("blob " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repo, blob);

    try (TestServer proxy = TestServer.start((exchange, n) -> forward(exchange, proxyOf(exchange),
        null))) {
      RegistryClient viaProxy = clientFor(proxy.authority(), new RecordingSleeper());
      Digest digest = viaProxy.pushBlob(retarget(repo, proxy.authority()), blob);

      assertThat(digest).isEqualTo(Digest.sha256(blob));
      assertThat(proxy.requests).extracting(TestServer.Recorded::method).containsExactly("HEAD");
    }
  }

  @Test
  void uploadsANewBlobWithPostThenPutAndTheDigestAsQuery() {
    ImageReference repo = ImageReference.parse(registry + "/" + newRepository() + ":x");
    byte[] blob = ("blob " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    try (TestServer proxy = TestServer.start((exchange, n) -> forward(exchange, proxyOf(exchange),
        null))) {
      RegistryClient viaProxy = clientFor(proxy.authority(), new RecordingSleeper());
      viaProxy.pushBlob(retarget(repo, proxy.authority()), blob);

      assertThat(proxy.requests).extracting(TestServer.Recorded::method)
          .containsExactly("HEAD", "POST", "PUT");
      TestServer.Recorded put = proxy.requests.get(2);
      assertThat(put.uri()).contains("digest=sha256%3A" + Digest.sha256(blob).hex());
      assertThat(put.body()).isEqualTo(blob);
      assertThat(put.header("Content-Type")).isEqualTo("application/octet-stream");
    }
    assertThat(client.blobExists(repo, Digest.sha256(blob))).isTrue();
  }

  @Test
  void retriesAManifestPushThatTheRegistryRefusedWith503() throws Exception {
    ImageReference source = ImageReference.parse(registry + "/scangate-test/files:1");
    String repository = newRepository();
    copy(client, source, ImageReference.parse(registry + "/" + repository + ":first"));
    FetchedManifest manifest = client.fetchManifest(source);

    try (TestServer proxy = TestServer.start((exchange, n) -> {
      if ("PUT".equals(exchange.getRequestMethod()) && n == 1) {
        TestServer.respondJson(exchange, 503, "{\"errors\":[{\"code\":\"UNAVAILABLE\"}]}");
      } else {
        forward(exchange, proxyOf(exchange), null);
      }
    })) {
      RecordingSleeper sleeper = new RecordingSleeper();
      RegistryClient viaProxy = clientFor(proxy.authority(), sleeper);
      Digest pushed = viaProxy.pushManifest(ImageReference.parse(proxy.authority() + "/"
          + repository + ":second"), manifest.mediaType(), manifest.bytes());

      assertThat(pushed).isEqualTo(manifest.digest());
      assertThat(proxy.requests).extracting(TestServer.Recorded::method)
          .containsExactly("PUT", "PUT");
      assertThat(sleeper.waits).hasSize(1);
    }
    assertThat(client.resolve(ImageReference.parse(registry + "/" + repository + ":second")))
        .isEqualTo(manifest.digest());
  }

  @Test
  void refusesADockerContentDigestThatIsNotTheDigestOfWhatWasPushed() throws Exception {
    ImageReference source = ImageReference.parse(registry + "/scangate-test/files:1");
    String repository = newRepository();
    copy(client, source, ImageReference.parse(registry + "/" + repository + ":first"));
    FetchedManifest manifest = client.fetchManifest(source);
    String lie = "sha256:" + "0".repeat(64);

    try (TestServer proxy = TestServer.start((exchange, n) -> forward(exchange, proxyOf(exchange),
        Map.of("Docker-Content-Digest", lie)))) {
      RegistryClient viaProxy = clientFor(proxy.authority(), new RecordingSleeper());

      assertThatThrownBy(() -> viaProxy.pushManifest(ImageReference.parse(proxy.authority() + "/"
          + repository + ":second"), manifest.mediaType(), manifest.bytes()))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("hashed to " + lie)
          .hasMessageContaining("we sent " + manifest.digest());
    }
  }

  @Test
  void refusesAnUploadLocationOnAnotherHostWithoutSendingTheBlob() {
    ImageReference repo = ImageReference.parse(registry + "/" + newRepository() + ":x");
    byte[] blob = ("blob " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    // The proxy passes the registry's absolute Location (naming the registry, not the proxy).
    try (TestServer proxy = TestServer.start((exchange, n) -> forward(exchange, null, null))) {
      RegistryClient viaProxy = clientFor(proxy.authority(), new RecordingSleeper());

      assertThatThrownBy(() -> viaProxy.pushBlob(retarget(repo, proxy.authority()), blob))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("is not on http://" + proxy.authority())
          .hasMessageContaining("refusing to send the blob and credentials elsewhere");
      assertThat(proxy.requests).extracting(TestServer.Recorded::method)
          .containsExactly("HEAD", "POST");
    }
  }

  @Test
  void refusesToPushBytesThatAreNotAManifestOfTheGivenType() {
    ImageReference target = ImageReference.parse(registry + "/" + newRepository() + ":bad");

    assertThatThrownBy(() -> client.pushManifest(target, MediaTypes.OCI_MANIFEST,
        "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("has a \"manifests\" field, like an index");
    assertThat(client.fetchManifestIfExists(target)).isEmpty();
  }

  @Test
  void reportsAManifestWhoseBlobsWereNotPushed() {
    ImageReference target = ImageReference.parse(registry + "/" + newRepository() + ":orphan");
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"size\":2,\"digest\":\""
        + Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)) + "\"},\"layers\":[]}";

    assertThatThrownBy(() -> client.pushManifest(target, MediaTypes.OCI_MANIFEST,
        manifest.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("pushing manifest sha256:")
        .hasMessageContaining("BLOB_UNKNOWN")
        .satisfies(e -> assertThat(((RegistryException) e).retryable()).isFalse());
  }

  /** Copies an image manifest with its config and layers (small images only). */
  static Digest copy(RegistryClient client, ImageReference source, ImageReference target)
      throws Exception {
    FetchedManifest manifest = client.fetchManifest(source);
    client.pushBlob(target, client.fetchBlob(source, manifest.manifest().config(), 1 << 20));
    for (Descriptor layer : manifest.manifest().layers()) {
      try (InputStream in = client.openBlob(source, layer)) {
        client.pushBlob(target, in.readAllBytes());
      }
    }
    return client.pushManifest(target, manifest.mediaType(), manifest.bytes());
  }

  private static ImageReference retarget(ImageReference ref, String authority) {
    return new ImageReference(authority, ref.repository(), ref.tag(), ref.digest());
  }

  private static String proxyOf(HttpExchange exchange) {
    return "127.0.0.1:" + exchange.getLocalAddress().getPort();
  }

  /**
   * Forwards a request with its body to the real registry. A Location naming the registry is
   * rewritten to name {@code proxyAuthority} (unless null); {@code override} replaces headers.
   */
  private static void forward(HttpExchange exchange, String proxyAuthority,
      Map<String, String> override) throws Exception {
    byte[] body = (byte[]) exchange.getAttribute(TestServer.BODY);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + registry
        + exchange.getRequestURI())).method(exchange.getRequestMethod(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : List.of("Accept", "Content-Type")) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    HttpResponse<byte[]> response = UPSTREAM.send(request.build(),
        HttpResponse.BodyHandlers.ofByteArray());
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : List.of("Content-Type", "Docker-Content-Digest", "Location")) {
      response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
    }
    if (proxyAuthority != null && headers.containsKey("Location")) {
      headers.put("Location", headers.get("Location").replace("//" + registry + "/",
          "//" + proxyAuthority + "/"));
    }
    if (override != null) {
      headers.putAll(override);
    }
    TestServer.respond(exchange, response.statusCode(), headers,
        "HEAD".equals(exchange.getRequestMethod()) ? null : response.body());
  }
}
