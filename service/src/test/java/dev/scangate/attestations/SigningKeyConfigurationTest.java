package dev.scangate.attestations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import dev.scangate.signing.SignatureVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Startup with {@code scangate.signing.*}: the real cosign key files of the fixtures, their
 * documented passwords, and each way a configured key can be unusable, which must stop the
 * application with the reason.
 */
class SigningKeyConfigurationTest {

  @TempDir
  Path dir;

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SigningProperties.class)
  static class Signing {
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(Signing.class, SigningConfiguration.class)
        .withBean(RegistryClient.class, () -> new RegistryClient(RegistrySettings.defaults()))
        .withPropertyValues("scangate.signing.generated-password-file="
            + dir.resolve("generated.password"));
  }

  private Path fixture(String name) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/signing/keys/" + name)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static String keyId(Path pub) throws IOException {
    return SignatureVerifier.fromPem(Files.readString(pub)).keyId();
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> startupFailure(
      AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable root = context.getStartupFailure();
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return assertThat(root);
  }

  @Test
  void importsCurrentCosignKeyWithItsPasswordFromAFile() throws Exception {
    Path key = fixture("cosign-keys_test-pemsigstorekey.key");
    String expected = keyId(fixture("cosign-keys_test-pemsigstorekey.derived.pub"));
    Path password = dir.resolve("password");
    Files.writeString(password, "hello\n", StandardCharsets.UTF_8);

    runner().withPropertyValues("scangate.signing.key-file=" + key,
        "scangate.signing.key-password-file=" + password).run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(ConfiguredKey.class).key().keyId()).isEqualTo(expected);
          assertThat(context.getBean(SigningProperties.class).toString()).doesNotContain("hello");
        });
    assertThat(dir.resolve("generated.password")).as("no password is generated").doesNotExist();
  }

  @Test
  void importsOlderCosignKeyFormat() throws Exception {
    Path key = fixture("cosign-keys_test-pemcosignkey.key");
    String expected = keyId(fixture("cosign-keys_test-pemcosignkey.derived.pub"));

    runner().withPropertyValues("scangate.signing.key-file=" + key,
        "scangate.signing.key-password=hello").run(context ->
        assertThat(context.getBean(ConfiguredKey.class).key().keyId()).isEqualTo(expected));
  }

  @Test
  void importsAKeyWithAnEmptyPassword() throws Exception {
    Path key = fixture("policy-controller-example.key");
    String expected = keyId(fixture("policy-controller-example.pub"));

    runner().withPropertyValues("scangate.signing.key-file=" + key,
        "scangate.signing.key-password=").run(context ->
        assertThat(context.getBean(ConfiguredKey.class).key().keyId()).isEqualTo(expected));
  }

  @Test
  void wrongPasswordStopsStartupNamingThePasswordProperty() throws Exception {
    Path key = fixture("cosign-keys_test-pemcosignkey.key");

    runner().withPropertyValues("scangate.signing.key-file=" + key,
        "scangate.signing.key-password=not-hello").run(context ->
        startupFailure(context).hasMessageContaining("scangate.signing.key-file " + key)
            .hasMessageContaining("WRONG_PASSWORD")
            .hasMessageContaining("wrong password: authentication of the encrypted key failed")
            .hasMessageContaining("check scangate.signing.key-password")
            .hasMessageNotContaining("not-hello"));
  }

  @Test
  void keyWhosePasswordWeDoNotHaveStopsStartup() throws Exception {
    Path key = fixture("cosign-ci-test.key");

    runner().withPropertyValues("scangate.signing.key-file=" + key,
        "scangate.signing.key-password=").run(context ->
        startupFailure(context).hasMessageContaining("wrong password"));
  }

  @Test
  void sec1KeyStopsStartupSayingItIsNotPkcs8() throws Exception {
    Path key = fixture("cosign-keys_test-pemcosigneckey.key");

    runner().withPropertyValues("scangate.signing.key-file=" + key,
        "scangate.signing.key-password=hello").run(context ->
        startupFailure(context).hasMessageContaining("NOT_PKCS8")
            .hasMessageContaining("SEC1 EC PRIVATE KEY"));
  }

  @Test
  void corruptPemStopsStartupSayingItIsMalformed() throws Exception {
    // Made here: the real key file cut off in the middle of its base64 body.
    String pem = Files.readString(fixture("cosign-keys_test-pemsigstorekey.key"));
    Path key = dir.resolve("truncated.key");
    Files.writeString(key, pem.substring(0, pem.length() / 2));

    runner().withPropertyValues("scangate.signing.key-file=" + key,
        "scangate.signing.key-password=hello").run(context ->
        startupFailure(context).hasMessageContaining("MALFORMED")
            .hasMessageContaining("cosign private key"));
  }

  @Test
  void keyFileWithoutPasswordOrWithBothPasswordOptionsStopsStartup() throws Exception {
    Path key = fixture("cosign-keys_test-pemsigstorekey.key");
    Path password = dir.resolve("password");
    Files.writeString(password, "hello");

    runner().withPropertyValues("scangate.signing.key-file=" + key).run(context ->
        startupFailure(context).hasMessageContaining("scangate.signing.key-file is set but its"
            + " password is not"));
    runner().withPropertyValues("scangate.signing.key-password=hello",
        "scangate.signing.key-password-file=" + password).run(context ->
        startupFailure(context).hasMessageContaining("are both set"));
    runner().withPropertyValues("scangate.signing.key-file=" + dir.resolve("missing.key"),
        "scangate.signing.key-password=x").run(context ->
        startupFailure(context).hasMessageContaining("missing.key is not a readable file"));
  }

  @Test
  void pushRegistriesMatchHostsWithWildcards() {
    SigningProperties properties = new SigningProperties(null, null, null, null,
        java.util.List.of("127.0.0.1:5000", "*.example.com"), null);

    assertThat(properties.pushesTo("127.0.0.1:5000")).isTrue();
    assertThat(properties.pushesTo("registry.example.com")).isTrue();
    assertThat(properties.pushesTo("docker.io")).isFalse();
    assertThat(properties.pushesTo("127.0.0.1:5001")).isFalse();
    assertThat(new SigningProperties(null, null, null, null, null, null).pushesTo("docker.io"))
        .as("every registry by default").isTrue();
  }
}
