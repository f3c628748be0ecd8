package dev.scangate.signing;

import static dev.scangate.signing.SigningFixtures.bytes;
import static dev.scangate.signing.SigningFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DSSE signing and verification, against grype's real cosign attestations. */
class DsseEnvelopeTest {

  private static final SignatureVerifier GRYPE_KEY =
      SignatureVerifier.fromPem(text("keys/grype-cosign.pub"));
  private static final SignatureVerifier ANOTHER_KEY =
      SignatureVerifier.fromPem(text("keys/grype-another_cosign.pub"));

  @Test
  void paeMatchesTheExampleOfTheDsseProtocol() {
    // protocol.md: PAE("http://example.com/HelloWorld", "hello world")
    byte[] pae = DsseEnvelope.pae("http://example.com/HelloWorld",
        "hello world".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(pae, StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }

  @Test
  void paeCountsBytesNotCharacters() {
    byte[] pae = DsseEnvelope.pae("application/x-ü", "größe: 1 €".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(pae, StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 16 application/x-ü 14 größe: 1 €");
  }

  @Test
  void grypesCycloneDxAndSyftAttestationsVerifyWithGrypesKey() {
    DsseEnvelope cdx = DsseEnvelope.parse(bytes("attestations/grype-alpine.cdx.att.json"));
    DsseEnvelope syft = DsseEnvelope.parse(bytes("attestations/grype-alpine.syft.att.json"));

    assertThat(cdx.verify(GRYPE_KEY)).isTrue();
    assertThat(syft.verify(GRYPE_KEY)).isTrue();
    assertThat(cdx.payloadType()).isEqualTo(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE);
  }

  @Test
  void theTamperedAttestationDoesNotVerify() {
    DsseEnvelope tampered = DsseEnvelope.parse(
        bytes("attestations/grype-alpine-tampered.cdx.att.json"));

    assertThat(tampered.verify(GRYPE_KEY)).isFalse();
  }

  @Test
  void anUnrelatedKeyVerifiesNone() {
    for (String file : List.of("grype-alpine.cdx.att.json", "grype-alpine.syft.att.json",
        "grype-alpine-tampered.cdx.att.json")) {
      assertThat(DsseEnvelope.parse(bytes("attestations/" + file)).verify(ANOTHER_KEY))
          .as(file).isFalse();
    }
  }

  @Test
  void grypesEnvelopeIsWrittenBackByteForByte() {
    byte[] original = bytes("attestations/grype-alpine.cdx.att.json");

    assertThat(new String(DsseEnvelope.parse(original).toJson(), StandardCharsets.UTF_8))
        .isEqualTo(new String(original, StandardCharsets.UTF_8).strip());
  }

  @Test
  void signsAndVerifiesWithAGeneratedKey() {
    CosignPrivateKey key = CosignPrivateKey.generate();
    byte[] payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}"
        .getBytes(StandardCharsets.UTF_8);

    DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, payload,
        key.signer());
    DsseEnvelope read = DsseEnvelope.parse(envelope.toJson());

    assertThat(read).isEqualTo(envelope);
    assertThat(read.verify(new SignatureVerifier(key.publicKey()))).isTrue();
    assertThat(read.verify(GRYPE_KEY)).isFalse();
    assertThat(new String(envelope.toJson(), StandardCharsets.UTF_8))
        .startsWith("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\""
            + Base64.getEncoder().encodeToString(payload) + "\",\"signatures\":[{\"keyid\":\"\","
            + "\"sig\":\"");
  }

  @Test
  void aSecondSignerIsAddedAndEitherKeyVerifies() {
    CosignPrivateKey first = CosignPrivateKey.generate();
    CosignPrivateKey second = CosignPrivateKey.generate();

    DsseEnvelope both = DsseEnvelope.sign("text/plain", new byte[] {1, 2, 3}, first.signer())
        .withSignature(second.signer());

    assertThat(both.signatures()).hasSize(2);
    assertThat(both.verify(new SignatureVerifier(first.publicKey()))).isTrue();
    assertThat(both.verify(new SignatureVerifier(second.publicKey()))).isTrue();
  }

  @Test
  void changingThePayloadTypeBreaksTheSignature() {
    CosignPrivateKey key = CosignPrivateKey.generate();
    DsseEnvelope envelope = DsseEnvelope.sign("application/vnd.in-toto+json", new byte[] {42},
        key.signer());

    DsseEnvelope retyped = new DsseEnvelope("application/json", envelope.payload(),
        envelope.signatures());

    assertThat(retyped.verify(new SignatureVerifier(key.publicKey()))).isFalse();
  }

  @Test
  void acceptsUrlSafeBase64AsTheEnvelopeSpecAllows() {
    String json = "{\"payloadType\":\"t\",\"payload\":\"-_8\",\"signatures\":[{\"sig\":\"AQ\"}]}";

    DsseEnvelope envelope = DsseEnvelope.parse(json.getBytes(StandardCharsets.UTF_8));

    assertThat(envelope.payload()).containsExactly(0xfb, 0xff);
    assertThat(envelope.signatures().get(0).keyid()).isEmpty();
  }

  // Hand-made malformed envelopes.

  @Test
  void refusesAnEnvelopeWithoutSignatures() {
    byte[] json = "{\"payloadType\":\"t\",\"payload\":\"AA==\",\"signatures\":[]}"
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DsseEnvelope.parse(json))
        .isInstanceOf(InvalidSignedDocumentException.class)
        .hasMessageStartingWith("DSSE envelope: \"signatures\" must be a non-empty array; input:"
            + " {\"payloadType\":\"t\"")
        .hasMessageContaining("expected e.g. {\"payloadType\":\"application/vnd.in-toto+json\"");
  }

  @Test
  void refusesBrokenBase64AndTruncatedJson() {
    assertThatThrownBy(() -> DsseEnvelope.parse(
        "{\"payloadType\":\"t\",\"payload\":\"%%\",\"signatures\":[{\"sig\":\"AQ==\"}]}"
            .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("\"payload\" is not valid base64");
    byte[] original = bytes("attestations/grype-alpine.cdx.att.json");
    byte[] truncated = java.util.Arrays.copyOf(original, original.length / 2);
    assertThatThrownBy(() -> DsseEnvelope.parse(truncated))
        .isInstanceOf(InvalidSignedDocumentException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("…");
  }

  @Test
  void refusesDuplicateKeysWhoseMeaningWouldDependOnTheParser() {
    byte[] json = ("{\"payloadType\":\"t\",\"payload\":\"AA==\",\"payload\":\"AQ==\","
        + "\"signatures\":[{\"sig\":\"AQ==\"}]}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DsseEnvelope.parse(json))
        .hasMessageContaining("Duplicate");
  }
}
