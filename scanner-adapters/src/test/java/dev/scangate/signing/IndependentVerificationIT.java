package dev.scangate.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What we write, checked by implementations that are not ours: openssl for simple signatures,
 * sigstore-js (npm sigstore@4) for DSSE bundles, Node's scrypt with tweetnacl for encrypted keys.
 */
class IndependentVerificationIT {

  private static final Digest IMAGE = Digest.parse(
      "sha256:7afcb9d95f017314d6326803281c77fec3c3031019159786e52fd1cc8df5a75a");

  @TempDir
  Path dir;

  @Test
  void opensslVerifiesOurSimpleSignatureAndRejectsAFlippedPayloadByte() throws Exception {
    CosignKeys keys = CosignKeys.generate("pw".toCharArray());
    byte[] payload = SimpleSigningPayload.of(ImageReference.parse("127.0.0.1:5000/app@" + IMAGE),
        Map.of("env", "prod")).toJson();
    byte[] signature = keys.key().signer().sign(payload);
    Files.writeString(dir.resolve("cosign.pub"), keys.publicKeyPem());
    Files.write(dir.resolve("sig.der"), signature);
    Files.write(dir.resolve("payload.json"), payload);

    ToolProcess.Result ok = openssl();
    payload[payload.length / 2] ^= 0x01;
    Files.write(dir.resolve("payload.json"), payload);
    ToolProcess.Result flipped = openssl();

    assertThat(ok.exitCode()).as(ok.output()).isZero();
    assertThat(ok.output().strip()).isEqualTo("Verified OK");
    assertThat(flipped.exitCode()).isNotZero();
    assertThat(flipped.output()).contains("Verification failure");
  }

  @Test
  void sigstoreJsVerifiesOurBundleOfflineAndRejectsAFlippedPayloadByte() throws Exception {
    CosignPrivateKey key = CosignPrivateKey.generate();
    byte[] statement = InTotoStatement.of(List.of(InTotoSubject.of("127.0.0.1:5000/app", IMAGE)),
        InTotoStatement.CYCLONEDX_PREDICATE,
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}"
            .getBytes(StandardCharsets.UTF_8)).toJson();
    DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement,
        key.signer());
    Files.writeString(dir.resolve("key.pub.pem"), key.publicKeyPem());
    Path script = NodeModules.script("verify-bundle.js", dir);

    Files.write(dir.resolve("bundle.json"), new SigstoreBundle(envelope, key.publicKey()).toJson());
    ToolProcess.Result ok = NodeModules.node(dir, Map.of(), script.toString(), "bundle.json",
        "key.pub.pem", key.keyId());
    byte[] tamperedPayload = envelope.payload();
    tamperedPayload[tamperedPayload.length / 2] ^= 0x01;
    DsseEnvelope tampered = new DsseEnvelope(envelope.payloadType(), tamperedPayload,
        envelope.signatures());
    Files.write(dir.resolve("tampered.json"), new SigstoreBundle(tampered, key.publicKey())
        .toJson());
    ToolProcess.Result flipped = NodeModules.node(dir, Map.of(), script.toString(),
        "tampered.json", "key.pub.pem", key.keyId());

    assertThat(ok.output().strip()).as(ok.output()).isEqualTo("VERIFIED");
    assertThat(ok.exitCode()).isZero();
    assertThat(flipped.exitCode()).isNotZero();
    assertThat(flipped.output()).startsWith("FAILED SIGNATURE_ERROR");
  }

  @Test
  void sigstoreJsRejectsOurBundleWithAnotherKey() throws Exception {
    CosignPrivateKey key = CosignPrivateKey.generate();
    CosignPrivateKey other = CosignPrivateKey.generate();
    DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE,
        InTotoStatement.of(List.of(InTotoSubject.of("app", IMAGE)),
            InTotoStatement.SLSA_VSA_PREDICATE, "{}".getBytes(StandardCharsets.UTF_8)).toJson(),
        key.signer());
    Files.write(dir.resolve("bundle.json"), new SigstoreBundle(envelope, key.publicKey()).toJson());
    Files.writeString(dir.resolve("other.pub.pem"), other.publicKeyPem());
    Path script = NodeModules.script("verify-bundle.js", dir);

    ToolProcess.Result result = NodeModules.node(dir, Map.of(), script.toString(), "bundle.json",
        "other.pub.pem", key.keyId());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).startsWith("FAILED SIGNATURE_ERROR");
  }

  @Test
  void nodeAndTweetnaclDecryptTheKeysWeGenerate() throws Exception {
    String password = "pässwort with spaces";
    CosignKeys keys = CosignKeys.generate(password.toCharArray());
    Files.writeString(dir.resolve("cosign.key"), keys.encryptedPrivateKeyPem());
    Path script = NodeModules.script("decrypt-cosign-key.js", dir);

    ToolProcess.Result ok = NodeModules.node(dir, Map.of("COSIGN_PASSWORD", password),
        script.toString(), "cosign.key");
    ToolProcess.Result wrong = NodeModules.node(dir, Map.of("COSIGN_PASSWORD", "nope"),
        script.toString(), "cosign.key");

    assertThat(ok.exitCode()).as(ok.output()).isZero();
    assertThat(ok.output()).isEqualTo("ENCRYPTED SIGSTORE PRIVATE KEY prime256v1\n"
        + keys.publicKeyPem());
    assertThat(wrong.output().strip()).isEqualTo("FAILED secretbox authentication");
  }

  private ToolProcess.Result openssl() throws IOException, InterruptedException {
    return ToolProcess.run(List.of("openssl", "dgst", "-sha256", "-verify", "cosign.pub",
        "-signature", "sig.der", "payload.json"), dir, Map.of(), Duration.ofSeconds(30));
  }
}
