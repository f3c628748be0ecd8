package dev.scangate.attestations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scangate.ScangateApplication;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.RegistryClient;
import dev.scangate.signing.CosignStorage;
import dev.scangate.signing.LayerVerification;
import dev.scangate.signing.SignatureVerifier;
import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestDatabase;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The real cosign key files of the fixtures, imported at application startup. */
class SigningKeyImportIT {

  static Path fixture(String name) {
    try {
      Path dir = Files.createTempDirectory("scangate-signing-keys");
      Path target = dir.resolve(name);
      try (InputStream in = SigningKeyImportIT.class.getResourceAsStream("/signing/keys/"
          + name)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      target.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  class WithTheRightPassword extends ScangateIT {

    @Autowired
    RegistryClient registry;

    @DynamicPropertySource
    static void key(DynamicPropertyRegistry registry) {
      registry.add("scangate.signing.key-file",
          () -> fixture("cosign-keys_test-pemsigstorekey.key").toString());
      registry.add("scangate.signing.key-password", () -> "hello");
    }

    @Test
    void importedKeyIsActiveAndSignsAttestationsThatItsCosignPubVerifies() throws Exception {
      String pub = Files.readString(fixture("cosign-keys_test-pemsigstorekey.derived.pub"));
      SignatureVerifier fixtureKey = SignatureVerifier.fromPem(pub);

      JsonNode keys = api().get("/api/v1/keys").json().get("items");

      assertThat(keys).hasSize(1);
      assertThat(keys.get(0).get("id").asString()).isEqualTo(fixtureKey.keyId());
      assertThat(keys.get(0).get("source").asString()).isEqualTo("IMPORTED");
      assertThat(keys.get(0).get("active").asBoolean()).isTrue();
      String exported = api().get("/api/v1/keys/" + fixtureKey.keyId() + "/cosign.pub").body();
      assertThat(SignatureVerifier.fromPem(exported).keyId()).isEqualTo(fixtureKey.keyId());
      assertThat(jdbc.sql("select encrypted_private_key from signing_keys").query(String.class)
          .single()).as("stored as the operator's encrypted file, not decrypted")
          .isEqualTo(Files.readString(fixture("cosign-keys_test-pemsigstorekey.key")));

      ImageReference image = SigningTools.copyTestImage(registry, TestRegistry.open());
      Api.Response scan = api().awaitFinished(api().scan(image.name() + ":1").text("/id"));
      assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
      assertThat(new CosignStorage(registry).verifyAttestations(image, fixtureKey))
          .extracting(LayerVerification::status).containsExactly(
              LayerVerification.Status.VERIFIED, LayerVerification.Status.VERIFIED);
    }
  }

  @Test
  void instanceWhosePasswordDoesNotOpenTheActiveKeyRefusesToStart() throws Exception {
    TestDatabase.Database db = TestDatabase.create();
    Path dir = Files.createTempDirectory("scangate-signing-passwords");
    Path otherHost = dir.resolve("other-host.password");
    Files.writeString(otherHost, "a password of another host\n");
    String[] common = {"--server.port=0", "--scangate.database.url=" + db.url(),
        "--scangate.database.username=" + db.username(),
        "--scangate.database.password=" + db.password(), "--scangate.database.pool-size=2",
        "--scangate.worker.enabled=false"};

    String generatedKey;
    try (var first = new SpringApplication(ScangateApplication.class).run(concat(common,
        "--scangate.signing.generated-password-file=" + dir.resolve("first.password")))) {
      generatedKey = first.getBean(SigningKeys.class).list().get(0).id();
    }

    Throwable failure = catchThrowable(() -> new SpringApplication(ScangateApplication.class)
        .run(concat(common, "--scangate.signing.generated-password-file=" + otherHost)).close());

    assertThat(innermost(failure))
        .hasMessageContaining("the active signing key " + generatedKey + " cannot be opened")
        .hasMessageContaining("does not open with the password from the generated password file "
            + otherHost)
        .hasMessageContaining("configure scangate.signing.key-password")
        .hasMessageNotContaining("a password of another host");
  }

  /** The exception at the end of the cause chain (itself when it has no cause). */
  private static Throwable innermost(Throwable failure) {
    assertThat(failure).as("startup failed").isNotNull();
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  private static String[] concat(String[] common, String more) {
    String[] all = java.util.Arrays.copyOf(common, common.length + 1);
    all[common.length] = more;
    return all;
  }

  @Test
  void wrongPasswordStopsTheApplicationNamingTheKeyFileAndTheReason() {
    TestDatabase.Database db = TestDatabase.create();
    Path key = fixture("cosign-keys_test-pemsigstorekey.key");
    SpringApplication application = new SpringApplication(ScangateApplication.class);

    assertThatThrownBy(() -> application.run("--server.port=0",
        "--scangate.database.url=" + db.url(), "--scangate.database.username=" + db.username(),
        "--scangate.database.password=" + db.password(), "--scangate.database.pool-size=2",
        "--scangate.worker.enabled=false", "--scangate.signing.key-file=" + key,
        "--scangate.signing.key-password=not-the-password").close())
        .rootCause()
        .hasMessageContaining("scangate.signing.key-file " + key)
        .hasMessageContaining("wrong password: authentication of the encrypted key failed")
        .hasMessageNotContaining("not-the-password");
  }
}
