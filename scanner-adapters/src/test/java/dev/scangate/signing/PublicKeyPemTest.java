package dev.scangate.signing;

import static dev.scangate.signing.SigningFixtures.normalizedPem;
import static dev.scangate.signing.SigningFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.signing.CosignKeyException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicKeyPemTest {

  @Test
  void readsAndWritesCosignPublicKeysByteForByte() {
    for (String file : List.of("keys/grype-cosign.pub", "keys/cosign-ci-test.pub",
        "keys/policy-controller-example.pub", "connaisseur/keys/alice.pub")) {
      ECPublicKey key = PublicKeyPem.parse(text(file));

      assertThat(PublicKeyPem.format(key)).as(file).isEqualTo(normalizedPem(text(file)));
    }
  }

  @Test
  void theKeyIdIsTheSha256OfTheDerPublicKey() throws Exception {
    ECPublicKey key = PublicKeyPem.parse(text("keys/grype-cosign.pub"));
    byte[] der = PemBlock.parse(text("keys/grype-cosign.pub")).bytes();

    assertThat(PublicKeyPem.keyId(key)).isEqualTo(HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
    assertThat(SignatureVerifier.fromPem(text("keys/grype-cosign.pub")).keyId())
        .isEqualTo(PublicKeyPem.keyId(key));
  }

  @Test
  void refusesKeysOfOtherCurvesAndAlgorithms() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);

    assertThatThrownBy(() -> PublicKeyPem.parse(pem(ec.generateKeyPair())))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ECDSA_P256))
        .hasMessage("the public key is P-384, not ECDSA P-256 as cosign keys are");
    assertThatThrownBy(() -> PublicKeyPem.parse(pem(rsa.generateKeyPair())))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ECDSA_P256))
        .hasMessage("the public key is RSA, not ECDSA P-256 as cosign keys are");
  }

  @Test
  void refusesAPrivateKeyAndGarbage() {
    assertThatThrownBy(() -> PublicKeyPem.parse(text("keys/policy-controller-example.key")))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_PEM_TYPE));
    assertThatThrownBy(() -> PublicKeyPem.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n"
        + "-----END PUBLIC KEY-----\n"))
        .isInstanceOfSatisfying(CosignKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> PublicKeyPem.parse("ssh-ed25519 AAAA"))
        .hasMessage("public key: no PEM block (-----BEGIN …-----) found");
  }

  private static String pem(KeyPair pair) {
    return new PemBlock("PUBLIC KEY", pair.getPublic().getEncoded()).encode();
  }

  @Test
  void aSignerRefusesAPublicKeyThatIsNotItsOwn() {
    CosignPrivateKey one = CosignPrivateKey.generate();
    CosignPrivateKey two = CosignPrivateKey.generate();
    KeyPairSigner signer = (KeyPairSigner) one.signer();

    assertThat(new SignatureVerifier(signer.publicKey())
        .verify("x".getBytes(StandardCharsets.UTF_8), signer.sign("x".getBytes(
            StandardCharsets.UTF_8)))).isTrue();
    assertThatThrownBy(() -> new KeyPairSigner(otherPrivateKey(), two.publicKey()))
        .hasMessage("the public key does not belong to the private key");
  }

  @Test
  void aMalformedSignatureIsJustNotAValidOne() {
    SignatureVerifier verifier = new SignatureVerifier(CosignPrivateKey.generate().publicKey());

    assertThat(verifier.verify(new byte[] {1}, new byte[] {0x30, 0x01, 0x00})).isFalse();
  }

  private static java.security.PrivateKey otherPrivateKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair().getPrivate();
  }
}
