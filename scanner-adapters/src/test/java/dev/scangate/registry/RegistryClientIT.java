package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pulls the images of {@code dev/test-env.sh} from the real open registry. */
class RegistryClientIT {

  private static String registry;
  private static RegistryClient client;

  @BeforeAll
  static void connect() {
    registry = TestRegistries.open();
    client = new RegistryClient(RegistrySettings.defaults().withAllowed(registry)
        .withInsecure(registry).withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)),
        CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());
  }

  private static ImageReference ref(String repositoryAndTag) {
    return ImageReference.parse(registry + "/" + repositoryAndTag);
  }

  @Test
  void resolvesATagToTheDigestOfItsManifestBytes() {
    Digest resolved = client.resolve(ref("scangate-test/files:1"));
    FetchedManifest fetched = client.fetchManifest(ref("scangate-test/files:1"));

    assertThat(resolved).isEqualTo(fetched.digest()).isEqualTo(Digest.sha256(fetched.bytes()));
    assertThat(client.resolve(ref("scangate-test/files@" + resolved))).isEqualTo(resolved);
  }

  @Test
  void pullsTheUmociManifestWhoseBodyHasNoMediaType() {
    FetchedManifest fetched = client.fetchManifest(ref("scangate-test/files:1"));

    assertThat(new String(fetched.bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"schemaVersion\":2,\"config\"");
    assertThat(fetched.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(fetched.reference().toString())
        .isEqualTo(registry + "/scangate-test/files:1@" + fetched.digest());
    assertThat(fetched.manifest().layers()).hasSize(1);
  }

  @Test
  void pullsTheConfigOfTheImage() {
    FetchedManifest fetched = client.fetchManifest(ref("scangate-test/files:1"));

    ImageConfig config = client.fetchConfig(fetched.reference(), fetched.manifest().config());

    assertThat(config.platform()).isEqualTo(Platform.DEFAULT);
    assertThat(config.user()).isEqualTo("1000:1000");
    assertThat(config.labels()).containsEntry("dev.scangate.test", "files");
    assertThat(config.created()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(config.diffIds()).hasSameSizeAs(fetched.manifest().layers());
    assertThat(fetched.manifest().config().digest().matchesContent(config.raw())).isTrue();
  }

  @Test
  void selectsAmd64FromTheIndexByDefaultAndArm64OnRequest() {
    FetchedManifest index = client.fetchManifest(ref("scangate-test/multi:1"));
    FetchedManifest amd64 = client.fetchImageManifest(ref("scangate-test/multi:1"),
        Platform.DEFAULT);
    FetchedManifest arm64 = client.fetchImageManifest(ref("scangate-test/multi:1"),
        Platform.parse("linux/arm64"));

    assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(index.index().platforms()).extracting(Platform::toString)
        .containsExactly("linux/amd64", "linux/arm64");
    assertThat(amd64.digest()).isEqualTo(index.index().select(Platform.DEFAULT).digest());
    assertThat(amd64.reference().tag()).isNull();
    assertThat(client.fetchConfig(amd64.reference(), amd64.manifest().config()).architecture())
        .isEqualTo("amd64");
    assertThat(client.fetchConfig(arm64.reference(), arm64.manifest().config()).architecture())
        .isEqualTo("arm64");
  }

  @Test
  void saysWhichPlatformsAnIndexHasWhenTheRequestedOneIsMissing() {
    assertThatThrownBy(() -> client.fetchImageManifest(ref("scangate-test/multi:1"),
        Platform.parse("linux/s390x")))
        .isInstanceOf(PlatformNotFoundException.class)
        .hasMessageContaining("no linux/s390x in index; available: linux/amd64, linux/arm64")
        .hasMessageContaining(registry + "/scangate-test/multi:1@sha256:");
  }

  @Test
  void pullsDockerV2Schema2Images() {
    FetchedManifest fetched = client.fetchImageManifest(ref("scangate-test/docker-v2:1"),
        Platform.DEFAULT);

    assertThat(fetched.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(fetched.manifest().config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(client.fetchConfig(fetched.reference(), fetched.manifest().config()).labels())
        .containsEntry("dev.scangate.test", "files");
    assertThat(client.resolve(ref("scangate-test/docker-v2:1"))).isEqualTo(fetched.digest());
  }

  @Test
  void refusesTheConfigThatWasCorruptedInStorage() {
    FetchedManifest fetched = client.fetchManifest(ref("scangate-test/corrupt:1"));
    Descriptor config = fetched.manifest().config();

    assertThatThrownBy(() -> client.fetchConfig(fetched.reference(), config))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageStartingWith("digest mismatch: config " + config.digest() + " of " + registry
            + "/scangate-test/corrupt hashed to sha256:")
        .satisfies(e -> {
          DigestMismatchException mismatch = (DigestMismatchException) e;
          assertThat(mismatch.retryable()).isFalse();
          assertThat(mismatch.expected()).isEqualTo(config.digest());
          assertThat(mismatch.actual()).isNotEqualTo(config.digest());
        });
  }

  @Test
  void theBlobStreamRefusesTheCorruptedConfigAtItsEnd() throws Exception {
    FetchedManifest fetched = client.fetchManifest(ref("scangate-test/corrupt:1"));

    try (InputStream in = client.openBlob(fetched.reference(), fetched.manifest().config())) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("digest mismatch")
          .cause().isInstanceOf(DigestMismatchException.class);
    }
  }

  @Test
  void streamsAndVerifiesALayer() throws Exception {
    FetchedManifest fetched = client.fetchManifest(ref("scangate-test/files:1"));
    Descriptor layer = fetched.manifest().layers().get(0);

    long compressed;
    long uncompressed;
    try (InputStream in = client.openBlob(fetched.reference(), layer)) {
      CountingInputStream counting = new CountingInputStream(in);
      uncompressed = new GZIPInputStream(counting).readAllBytes().length;
      // GZIPInputStream stops at the gzip trailer; read on to the end so the digest is checked.
      counting.readAllBytes();
      compressed = counting.count;
    }

    assertThat(compressed).isEqualTo(layer.size());
    assertThat(uncompressed).isGreaterThan(compressed); // a tar of two small files
    try (InputStream in = client.openBlob(fetched.reference(), layer.digest())) {
      assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(layer.digest());
    }
  }

  @Test
  void aMissingTagIsNotFoundAndTheMessageNamesIt() {
    assertThatThrownBy(() -> client.fetchManifest(ref("scangate-test/files:nope")))
        .isInstanceOf(ManifestNotFoundException.class)
        .hasMessage("pulling manifest nope of " + registry + "/scangate-test/files: 404 Not Found"
            + " (MANIFEST_UNKNOWN: manifest unknown)")
        .satisfies(e -> {
          RegistryException error = (RegistryException) e;
          assertThat(error.status()).isEqualTo(404);
          assertThat(error.errors()).extracting(RegistryError::code)
              .containsExactly("MANIFEST_UNKNOWN");
          assertThat(error.retryable()).isFalse();
        });
    assertThatThrownBy(() -> client.resolve(ref("scangate-test/files:nope")))
        .isInstanceOf(ManifestNotFoundException.class)
        .hasMessageStartingWith("resolving " + registry + "/scangate-test/files:nope: 404");
    assertThatThrownBy(() -> client.fetchManifest(ref("scangate-test/no-such-repo:1")))
        .isInstanceOf(ManifestNotFoundException.class);
  }

  @Test
  void refusesManifestsLargerThanTheLimit() {
    RegistryClient small = new RegistryClient(RegistrySettings.defaults().withAllowed(registry)
        .withInsecure(registry).withLimits(100, 100), CredentialsProvider.anonymous(),
        Clock.systemUTC(), new RecordingSleeper());

    assertThatThrownBy(() -> small.fetchManifest(ref("scangate-test/files:1")))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("more than the limit of 100 bytes (maxManifestBytes)");
  }

  @Test
  void refusesALoopbackRegistryThatIsNotConfiguredBeforeConnecting() {
    try (TestServer server = TestServer.start((exchange, n) -> TestServer.proxy(exchange,
        registry, null))) {
      RegistryClient defaults = new RegistryClient(RegistrySettings.defaults(),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());
      RegistryClient wildcard = new RegistryClient(RegistrySettings.defaults()
          .withAllowed("127.0.0.1:*").withInsecure("127.0.0.1:*"),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());
      ImageReference viaServer =
          ImageReference.parse(server.authority() + "/scangate-test/files:1");

      assertThatThrownBy(() -> defaults.fetchManifest(viaServer))
          .isInstanceOf(RegistryNotAllowedException.class)
          .hasMessage("registry \"" + server.authority() + "\" is not allowed; add it to"
              + " scangate.registries.allowed");
      assertThatThrownBy(() -> wildcard.resolve(viaServer))
          .isInstanceOf(RegistryNotAllowedException.class)
          .hasMessageContaining("resolves to 127.0.0.1, a loopback address (127.0.0.0/8)");
      assertThat(server.count()).isZero();
    }
  }

  private static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b != -1) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
