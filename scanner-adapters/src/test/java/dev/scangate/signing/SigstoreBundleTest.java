package dev.scangate.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SigstoreBundleTest {

  @Test
  void writesAV03BundleWithThePublicKeyHintAndTheEnvelope() {
    CosignPrivateKey key = CosignPrivateKey.generate();
    byte[] payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}"
        .getBytes(StandardCharsets.UTF_8);
    DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, payload,
        key.signer());

    JsonNode bundle = StrictJson.object(new SigstoreBundle(envelope, key.publicKey()).toJson(),
        "bundle");

    assertThat(bundle.path("mediaType").stringValue())
        .isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
    assertThat(bundle.path("verificationMaterial").path("publicKey").path("hint").stringValue())
        .isEqualTo(key.keyId());
    assertThat(bundle.path("verificationMaterial").path("tlogEntries")).isEmpty();
    JsonNode dsse = bundle.path("dsseEnvelope");
    assertThat(Base64.getDecoder().decode(dsse.path("payload").stringValue())).isEqualTo(payload);
    assertThat(dsse.path("payloadType").stringValue()).isEqualTo("application/vnd.in-toto+json");
    assertThat(Base64.getDecoder().decode(dsse.path("signatures").get(0).path("sig")
        .stringValue())).isEqualTo(envelope.signatures().get(0).sig());
  }
}
