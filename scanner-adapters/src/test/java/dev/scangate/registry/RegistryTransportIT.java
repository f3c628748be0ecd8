package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our transport against misbehaving peers: small real servers on loopback that fail, stall,
 * redirect or lie, and otherwise pass requests on to the real test registry.
 */
class RegistryTransportIT {

  private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
  private static String registry;

  @BeforeAll
  static void registry() {
    registry = TestRegistries.open();
  }

  private static RegistrySettings settingsFor(String... hosts) {
    return RegistrySettings.defaults().withAllowed(hosts).withInsecure(hosts)
        .withTimeouts(Duration.ofSeconds(2), READ_TIMEOUT)
        .withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  private static ImageReference files(TestServer server) {
    return ImageReference.parse(server.authority() + "/scangate-test/files:1");
  }

  @Test
  void waitsAsRetryAfterSaysThenSucceeds() {
    try (TestServer server = TestServer.start((exchange, n) -> {
      if (n == 1) {
        exchange.getResponseHeaders().add("Retry-After", "2");
        TestServer.respondJson(exchange, 503, "{\"errors\":[{\"code\":\"UNAVAILABLE\","
            + "\"message\":\"service unavailable\"}]}");
      } else {
        TestServer.proxy(exchange, registry, null);
      }
    })) {
      RecordingSleeper sleeper = new RecordingSleeper();
      RegistryClient client = new RegistryClient(settingsFor(server.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), sleeper);

      FetchedManifest fetched = client.fetchManifest(files(server));

      assertThat(fetched.manifest().layers()).hasSize(1);
      assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
      assertThat(server.count()).isEqualTo(2);
    }
  }

  @Test
  void readsRetryAfterDatesWithTheClockAndCapsThemAtMaxBackoff() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    String in3s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        now.plusSeconds(3).atOffset(ZoneOffset.UTC));
    try (TestServer server = TestServer.start((exchange, n) -> {
      if (n <= 2) {
        exchange.getResponseHeaders().add("Retry-After", n == 1 ? in3s : "3600");
        TestServer.respond(exchange, 429, Map.of(), null);
      } else {
        TestServer.proxy(exchange, registry, null);
      }
    })) {
      RecordingSleeper sleeper = new RecordingSleeper();
      RegistryClient client = new RegistryClient(settingsFor(server.authority()),
          CredentialsProvider.anonymous(), Clock.fixed(now, ZoneOffset.UTC), sleeper);

      client.resolve(files(server));

      assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }
  }

  @Test
  void givesUpAfterMaxAttemptsOfServerErrorsWithBackoff() {
    try (TestServer server = TestServer.start((exchange, n) -> TestServer.respondJson(exchange,
        503, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}"))) {
      RecordingSleeper sleeper = new RecordingSleeper();
      RegistryClient client = new RegistryClient(settingsFor(server.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), sleeper);

      assertThatThrownBy(() -> client.fetchManifest(files(server)))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessage("pulling manifest 1 of " + server.authority() + "/scangate-test/files: 503"
              + " Service Unavailable (UNAVAILABLE: try later) (4 attempts)")
          .satisfies(e -> {
            RegistryUnavailableException unavailable = (RegistryUnavailableException) e;
            assertThat(unavailable.retryable()).isTrue();
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.attempts()).isEqualTo(4);
          });
      assertThat(server.count()).isEqualTo(4);
      // Equal jitter: attempt k waits between half and all of 100 ms * 2^(k-1).
      assertThat(sleeper.waits).hasSize(3);
      for (int k = 0; k < 3; k++) {
        long step = 100L << k;
        assertThat(sleeper.waits.get(k).toMillis()).isBetween(step / 2, step);
      }
    }
  }

  @Test
  void doesNotRetryOtherClientErrors() {
    try (TestServer server = TestServer.start((exchange, n) -> TestServer.respondJson(exchange,
        400, "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"bad\"}]}"))) {
      RecordingSleeper sleeper = new RecordingSleeper();
      RegistryClient client = new RegistryClient(settingsFor(server.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), sleeper);

      assertThatThrownBy(() -> client.fetchManifest(files(server)))
          .isInstanceOf(RegistryException.class)
          .hasMessageEndingWith(": 400 Bad Request (MANIFEST_INVALID: bad)")
          .satisfies(e -> assertThat(((RegistryException) e).retryable()).isFalse());
      assertThat(server.count()).isEqualTo(1);
      assertThat(sleeper.waits).isEmpty();
    }
  }

  @Test
  void aRegistryThatIsDownIsUnavailableAfterEveryAttempt() {
    RecordingSleeper sleeper = new RecordingSleeper();
    RegistryClient client = new RegistryClient(settingsFor("127.0.0.1:5999"),
        CredentialsProvider.anonymous(), Clock.systemUTC(), sleeper);

    assertThatThrownBy(() -> client.resolve(ImageReference.parse("127.0.0.1:5999/app:1")))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageStartingWith("resolving 127.0.0.1:5999/app:1: cannot connect to 127.0.0.1:5999")
        .hasMessageEndingWith("(4 attempts)")
        .satisfies(e -> {
          assertThat(((RegistryException) e).status()).isEqualTo(-1);
          assertThat(((RegistryException) e).retryable()).isTrue();
        });
    assertThat(sleeper.waits).hasSize(3);
  }

  @Test
  void abortsAManifestBodyThatStallsAfterTheHeaders() {
    try (TestServer server = TestServer.start((exchange, n) -> {
      exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
      exchange.sendResponseHeaders(200, 345);
      exchange.getResponseBody().write("{\"schemaVersion\":2,".getBytes());
      exchange.getResponseBody().flush();
      TestServer.stall();
    })) {
      RecordingSleeper sleeper = new RecordingSleeper();
      RegistryClient client = new RegistryClient(settingsFor(server.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), sleeper);

      long start = System.nanoTime();
      assertThatThrownBy(() -> client.fetchManifest(files(server)))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("no data for 300 ms (readTimeout) from http://"
              + server.authority() + "/v2/scangate-test/files/manifests/1")
          .hasMessageEndingWith("(4 attempts)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(server.count()).isEqualTo(4);
    }
  }

  @Test
  void timesOutARegistryThatNeverSendsHeaders() {
    try (TestServer server = TestServer.start((exchange, n) -> TestServer.stall())) {
      RegistryClient client = new RegistryClient(settingsFor(server.authority())
          .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());

      assertThatThrownBy(() -> client.resolve(files(server)))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("no response from " + server.authority()
              + " within 300 ms (readTimeout)");
      assertThat(server.count()).isEqualTo(2);
    }
  }

  @Test
  void aBlobThatStallsMidStreamFailsTheReadInsteadOfHanging() throws Exception {
    byte[] layer = TestFiles.read("layer-e43d72a5.tar.gz");
    Digest digest = Digest.sha256(layer);
    try (TestServer server = TestServer.start((exchange, n) -> {
      exchange.sendResponseHeaders(200, layer.length);
      exchange.getResponseBody().write(layer, 0, 100);
      exchange.getResponseBody().flush();
      TestServer.stall();
    })) {
      RegistryClient client = new RegistryClient(settingsFor(server.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());
      Descriptor descriptor = new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip",
          digest, layer.length, null, null);

      try (InputStream in = client.openBlob(files(server), descriptor)) {
        assertThat(in.readNBytes(100)).isEqualTo(java.util.Arrays.copyOf(layer, 100));
        long start = System.nanoTime();
        assertThatThrownBy(in::read)
            .isInstanceOf(SocketTimeoutException.class)
            .hasMessageContaining("no data for 300 ms (readTimeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
      }
    }
  }

  @Test
  void followsABlobRedirectWithoutForwardingAuthorization() throws Exception {
    try (TestServer storage = TestServer.start((exchange, n) ->
        TestServer.proxy(exchange, registry, exchange.getRequestURI().getPath()
            .replace("/storage", "/v2"))); TestServer front = TestServer.start((exchange, n) -> {
              String authorization = exchange.getRequestHeaders().getFirst("Authorization");
              if (authorization == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"front\"");
                TestServer.respond(exchange, 401, Map.of(), null);
              } else if (exchange.getRequestURI().getPath().contains("/blobs/")) {
                exchange.getResponseHeaders().add("Location", "http://" + storage.authority()
                    + exchange.getRequestURI().getPath().replace("/v2", "/storage")
                    + "?X-Amz-Signature=secret-signature");
                TestServer.respond(exchange, 307, Map.of(), null);
              } else {
                TestServer.proxy(exchange, registry, null);
              }
            })) {
      RegistryClient client = new RegistryClient(
          settingsFor(front.authority(), storage.authority()),
          CredentialsProvider.of(Map.of(front.authority(), Credentials.basic("u", "p"))),
          Clock.systemUTC(), new RecordingSleeper());
      FetchedManifest fetched = client.fetchManifest(files(front));
      Descriptor layer = fetched.manifest().layers().get(0);

      try (InputStream in = client.openBlob(fetched.reference(), layer)) {
        assertThat(in.readAllBytes()).hasSize((int) layer.size());
      }

      assertThat(storage.requests).singleElement().satisfies(request -> {
        assertThat(request.header("Authorization")).isNull();
        assertThat(request.uri()).contains("X-Amz-Signature=secret-signature");
      });
      assertThat(front.requests).filteredOn(r -> r.uri().contains("/blobs/"))
          .allSatisfy(r -> assertThat(r.header("Authorization")).startsWith("Basic "));
    }
  }

  @Test
  void refusesARedirectToAPrivateAddressThatIsNotConfigured() {
    try (TestServer front = TestServer.start((exchange, n) -> {
      if (exchange.getRequestURI().getPath().contains("/blobs/")) {
        exchange.getResponseHeaders().add("Location",
            "http://localhost:9/latest/meta-data/?token=secret");
        TestServer.respond(exchange, 302, Map.of(), null);
      } else {
        TestServer.proxy(exchange, registry, null);
      }
    })) {
      RegistryClient client = new RegistryClient(settingsFor(front.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());
      FetchedManifest fetched = client.fetchManifest(files(front));

      assertThatThrownBy(() -> client.openBlob(fetched.reference(),
          fetched.manifest().layers().get(0)))
          .isInstanceOf(RegistryNotAllowedException.class)
          .hasMessageContaining("registry \"localhost:9\" resolves to ")
          .hasMessageContaining("a loopback address")
          .message().doesNotContain("secret");
    }
  }

  @Test
  void refusesAManifestThatDoesNotHashToTheRequestedDigest() {
    // A lying mirror: whatever digest is asked for, it serves the manifest of tag 1.
    try (TestServer mirror = TestServer.start((exchange, n) -> TestServer.proxy(exchange,
        registry, exchange.getRequestURI().getPath().replaceAll("sha256:[0-9a-f]{64}", "1")))) {
      RegistryClient direct = new RegistryClient(settingsFor(registry),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());
      Digest arm64 = direct.fetchImageManifest(
          ImageReference.parse(registry + "/scangate-test/multi:1"),
          dev.scangate.image.Platform.parse("linux/arm64")).digest();
      Digest amd64 = direct.resolve(ImageReference.parse(registry + "/scangate-test/files:1"));
      RegistryClient client = new RegistryClient(settingsFor(mirror.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());
      ImageReference wanted =
          ImageReference.parse(mirror.authority() + "/scangate-test/files@" + arm64);

      assertThatThrownBy(() -> client.fetchManifest(wanted))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessage("digest mismatch: manifest of " + wanted + " hashed to " + amd64);
      assertThatThrownBy(() -> client.resolve(wanted))
          .isInstanceOf(DigestMismatchException.class);
    }
  }

  @Test
  void refusesAManifestWhoseDockerContentDigestHeaderDisagrees() {
    String bogus = "sha256:" + "ab".repeat(32);
    try (TestServer liar = TestServer.start((exchange, n) -> {
      byte[] body = TestFiles.read("oci-manifest-umoci.json");
      TestServer.respond(exchange, 200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST,
          "Docker-Content-Digest", bogus), body);
    })) {
      RegistryClient client = new RegistryClient(settingsFor(liar.authority()),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());

      assertThatThrownBy(() -> client.fetchManifest(files(liar)))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("but the registry's Docker-Content-Digest says " + bogus);
    }
  }

  @Test
  void resolveFallsBackToGetWhenHeadGivesNoDigestOrIsNotAllowed() {
    for (int headStatus : new int[] {200, 405}) {
      try (TestServer server = TestServer.start((exchange, n) -> {
        if ("HEAD".equals(exchange.getRequestMethod())) {
          TestServer.respond(exchange, headStatus, Map.of(), null);
        } else {
          TestServer.proxy(exchange, registry, null);
        }
      })) {
        RegistryClient client = new RegistryClient(settingsFor(server.authority()),
            CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());

        Digest resolved = client.resolve(files(server));

        assertThat(resolved).isEqualTo(client.fetchManifest(files(server)).digest());
        assertThat(server.requests).extracting(TestServer.Recorded::method)
            .as("HEAD answered %d", headStatus).startsWith("HEAD", "GET");
      }
    }
  }
}
