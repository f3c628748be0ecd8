package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.ImageReference;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS in front of the real open registry with a self-signed certificate for another host
 * name, made by the JDK's keytool: refused by default, accepted only for skipTlsVerify hosts.
 */
class RegistryTlsIT {

  private static SSLContext selfSigned;

  @BeforeAll
  static void certificate(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=not-this-host.example", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    selfSigned = SSLContext.getInstance("TLS");
    selfSigned.init(keys.getKeyManagers(), null, null);
  }

  @Test
  void refusesAnUntrustedCertificateWithoutRetrying() {
    String registry = TestRegistries.open();
    try (TestServer https = TestServer.startHttps(selfSigned,
        (exchange, n) -> TestServer.proxy(exchange, registry, null))) {
      RecordingSleeper sleeper = new RecordingSleeper();
      RegistryClient client = new RegistryClient(RegistrySettings.defaults()
          .withAllowed(https.authority()), CredentialsProvider.anonymous(), Clock.systemUTC(),
          sleeper);

      assertThatThrownBy(() -> client.fetchManifest(
          ImageReference.parse(https.authority() + "/scangate-test/files:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("TLS failure")
          .hasMessageContaining("scangate.registries.skip-tls-verify")
          .satisfies(e -> assertThat(((RegistryException) e).retryable()).isFalse());
      assertThat(sleeper.waits).isEmpty();
      assertThat(https.count()).isZero();
    }
  }

  @Test
  void acceptsItForSkipTlsVerifyHostsOnly() {
    String registry = TestRegistries.open();
    try (TestServer https = TestServer.startHttps(selfSigned,
        (exchange, n) -> TestServer.proxy(exchange, registry, null))) {
      RegistryClient client = new RegistryClient(RegistrySettings.defaults()
          .withAllowed(https.authority()).withSkipTlsVerify(https.authority())
          .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10)),
          CredentialsProvider.anonymous(), Clock.systemUTC(), new RecordingSleeper());

      FetchedManifest fetched = client.fetchManifest(
          ImageReference.parse(https.authority() + "/scangate-test/files:1"));

      assertThat(fetched.manifest().layers()).hasSize(1);
      assertThat(https.requests).singleElement()
          .satisfies(r -> assertThat(r.uri()).isEqualTo("/v2/scangate-test/files/manifests/1"));
    }
  }
}
