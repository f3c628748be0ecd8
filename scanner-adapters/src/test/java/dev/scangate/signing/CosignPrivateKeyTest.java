package dev.scangate.signing;

import static dev.scangate.signing.SigningFixtures.normalizedPem;
import static dev.scangate.signing.SigningFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.signing.CosignKeyException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reads the real cosign key files of ../shared/fixtures/cosign/keys as SOURCES.md describes. */
class CosignPrivateKeyTest {

  private static final char[] HELLO = "hello".toCharArray();

  @Test
  void decryptsThePolicyControllerExampleKeyWithTheEmptyPassword() {
    CosignPrivateKey key = CosignPrivateKey.decrypt(text("keys/policy-controller-example.key"),
        new char[0]);

    assertThat(key.publicKeyPem())
        .isEqualTo(normalizedPem(text("keys/policy-controller-example.pub")));
  }

  @Test
  void decryptsTheOlderCosignPemTypeWithItsPassword() {
    CosignPrivateKey key = CosignPrivateKey.decrypt(
        text("keys/cosign-keys_test-pemcosignkey.key"), HELLO);

    assertThat(key.publicKeyPem())
        .isEqualTo(normalizedPem(text("keys/cosign-keys_test-pemcosignkey.derived.pub")));
  }

  @Test
  void decryptsTheSigstorePemTypeWithItsPassword() {
    CosignPrivateKey key = CosignPrivateKey.decrypt(
        text("keys/cosign-keys_test-pemsigstorekey.key"), HELLO);

    assertThat(key.publicKeyPem())
        .isEqualTo(normalizedPem(text("keys/cosign-keys_test-pemsigstorekey.derived.pub")));
    assertThat(key.publicKey().getEncoded()).isEqualTo(PublicKeyPem.parse(
        text("keys/cosign-keys_test-pemsigstorekey.derived.pub")).getEncoded());
  }

  @Test
  void refusesTheKeyThatDecryptsToSec1InsteadOfPkcs8() {
    // N=65536 key from cosign's keys_test.go: cosign itself rejects it the same way.
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(
        text("keys/cosign-keys_test-pemcosigneckey.key"), HELLO))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PKCS8))
        .hasMessage("the key decrypts to a SEC1 EC PRIVATE KEY, not PKCS#8 ECDSA P-256 as"
            + " cosign requires");
  }

  @Test
  void reportsAWrongPasswordAsAFailedAuthentication() {
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(text("keys/policy-controller-example.key"),
        "not-empty".toCharArray()))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD))
        .hasMessage("wrong password: authentication of the encrypted key failed");
  }

  @Test
  void cannotOpenTheCiKeyWhosePasswordIsASecret() {
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(text("keys/cosign-ci-test.key"),
        new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
  }

  @Test
  void generatedKeysDecryptWithTheirPasswordAndUseCurrentCosignParameters() {
    char[] password = "correct horse battery staple".toCharArray();
    CosignKeys keys = CosignKeys.generate(password);

    CosignPrivateKey decrypted = CosignPrivateKey.decrypt(keys.encryptedPrivateKeyPem(),
        password);

    assertThat(keys.encryptedPrivateKeyPem())
        .startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n")
        .endsWith("-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    assertThat(json(keys.encryptedPrivateKeyPem()))
        .startsWith("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":65536,\"r\":8,\"p\":1},"
            + "\"salt\":\"")
        .contains("\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"");
    assertThat(decrypted.publicKeyPem()).isEqualTo(keys.publicKeyPem());
    assertThat(decrypted.keyId()).isEqualTo(keys.keyId()).hasSize(64);
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(keys.encryptedPrivateKeyPem(),
        "wrong".toCharArray()))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
  }

  @Test
  void reEncryptsAFixtureKeyWithLegacyParametersAndKeepsItsPublicKey() {
    CosignPrivateKey key = CosignPrivateKey.decrypt(text("keys/policy-controller-example.key"),
        new char[0]);

    String pem = key.encrypt("new".toCharArray(), ScryptParams.LEGACY);

    assertThat(json(pem)).contains("\"N\":32768");
    assertThat(CosignPrivateKey.decrypt(pem, "new".toCharArray()).publicKeyPem())
        .isEqualTo(normalizedPem(text("keys/policy-controller-example.pub")));
  }

  @Test
  void passwordsAreUtf8LikeGoStrings() {
    char[] password = "pässwörd-🔑".toCharArray();
    CosignKeys keys = CosignKeys.generate(password);

    assertThat(CosignPrivateKey.decrypt(keys.encryptedPrivateKeyPem(), password).keyId())
        .isEqualTo(keys.keyId());
  }

  @Test
  void refusesAPublicKeyGivenAsPrivateKey() {
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(text("keys/grype-cosign.pub"), HELLO))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_PEM_TYPE))
        .hasMessageContaining("\"PUBLIC KEY\"");
  }

  // Hand-made malformed inputs derived from the real policy-controller key.

  @Test
  void refusesCorruptedBase64() {
    String pem = text("keys/policy-controller-example.key").replace("eyJrZGYi", "eyJr*GYi");

    assertThatThrownBy(() -> CosignPrivateKey.decrypt(pem, new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining("not valid base64");
  }

  @Test
  void refusesATruncatedPem() {
    String full = text("keys/policy-controller-example.key");
    String truncated = full.substring(0, full.length() / 2);

    assertThatThrownBy(() -> CosignPrivateKey.decrypt(truncated, new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining("has no -----END ENCRYPTED COSIGN PRIVATE KEY----- line");
  }

  @Test
  void refusesJsonThatIsNotAnEncryptedKey() {
    String pem = rewrap("{\"kdf\":\"scrypt\"}");

    assertThatThrownBy(() -> CosignPrivateKey.decrypt(pem, new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(rewrap("{\"kdf\":"), new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void refusesOtherKdfsAndCiphers() {
    String json = json(text("keys/policy-controller-example.key"));

    assertThatThrownBy(() -> CosignPrivateKey.decrypt(
        rewrap(json.replace("\"scrypt\"", "\"pbkdf2\"")), new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_KDF))
        .hasMessage("unsupported key derivation \"pbkdf2\"; cosign keys use \"scrypt\"");
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(
        rewrap(json.replace("\"nacl/secretbox\"", "\"aes-gcm\"")), new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CIPHER));
    assertThatThrownBy(() -> CosignPrivateKey.decrypt(
        rewrap(json.replace("\"N\":32768", "\"N\":1073741824")), new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_KDF))
        .hasMessageContaining("exceed the supported cost");
  }

  @Test
  void aModifiedCiphertextFailsAuthenticationLikeAWrongPassword() {
    String json = json(text("keys/policy-controller-example.key"));
    String modified = json.replace("\"ciphertext\":\"1B8C", "\"ciphertext\":\"1B8D");

    assertThatThrownBy(() -> CosignPrivateKey.decrypt(rewrap(modified), new char[0]))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
  }

  @Test
  void toStringShowsTheKeyIdOnly() {
    CosignPrivateKey key = CosignPrivateKey.decrypt(text("keys/policy-controller-example.key"),
        new char[0]);

    assertThat(key.toString()).isEqualTo("CosignPrivateKey[ECDSA P-256, keyId " + key.keyId()
        + "]");
  }

  private static String json(String pem) {
    return new String(PemBlock.parse(pem).bytes(), StandardCharsets.UTF_8);
  }

  private static String rewrap(String json) {
    return new PemBlock(CosignPrivateKey.COSIGN_PEM_TYPE,
        json.getBytes(StandardCharsets.UTF_8)).encode();
  }
}
