package dev.scangate.signing;

import static dev.scangate.signing.SigningFixtures.bytes;
import static dev.scangate.signing.SigningFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Simple signing payloads and signatures, against connaisseur's real cosign signatures. */
class SimpleSigningPayloadTest {

  private static final String BFEC =
      "sha256:bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533";

  @Test
  void writesThePayloadByteForByteAsCosignDid() {
    ImageReference image = ImageReference.parse("securesystemsengineering/testimage@" + BFEC);

    byte[] payload = SimpleSigningPayload.of(image).toJson();

    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(text(
        "connaisseur/blobs/sha256-7248e52a7da336ff63192f2c0a8f12562b0d5368e9cde6ab292cbb4604074f28"
            + ".json"));
    assertThat(Digest.sha256(payload).hex())
        .isEqualTo("7248e52a7da336ff63192f2c0a8f12562b0d5368e9cde6ab292cbb4604074f28");
  }

  @Test
  void writesTheOtherConnaisseurPayloadsByteForByte() {
    assertThat(SimpleSigningPayload.of(ImageReference.parse("index.docker.io/phbelitz/rekor-test"
        + "@sha256:31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee")).toJson())
        .isEqualTo(bytes("connaisseur/blobs/"
            + "sha256-897d9e862b4599b723442f36ed7b4cfd1628bb7656643c56855988cac161d065.json"));
    assertThat(SimpleSigningPayload.of(ImageReference.parse("docker.io/securesystemsengineering/"
        + "testimage@sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81"))
        .toJson())
        .isEqualTo(bytes("connaisseur/blobs/"
            + "sha256-d8ee807d96efe7441b132967ad94eaffbc0172a763e69f2cd8df8f583f0ba0d4.json"));
  }

  @Test
  void writesAnnotationsSortedAndEscapedAsGoDoes() {
    ImageReference image = ImageReference.parse("127.0.0.1:5000/app@" + BFEC);
    Map<String, Object> optional = new LinkedHashMap<>();
    optional.put("zeta", "last");
    optional.put("env", "prod & <stage>");
    optional.put("count", 3L);
    optional.put("nested", Map.of("ok", true));

    String json = new String(SimpleSigningPayload.of(image, optional).toJson(),
        StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"critical\":{\"identity\":{\"docker-reference\":"
        + "\"127.0.0.1:5000/app\"},\"image\":{\"docker-manifest-digest\":\"" + BFEC + "\"},"
        + "\"type\":\"cosign container image signature\"},\"optional\":{\"count\":3,"
        + "\"env\":\"prod \\u0026 \\u003cstage\\u003e\",\"nested\":{\"ok\":true},"
        + "\"zeta\":\"last\"}}");
    assertThat(SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8)).optional())
        .containsEntry("env", "prod & <stage>").containsEntry("count", 3L);
  }

  @Test
  void refusesToSignAReferenceWithoutDigest() {
    assertThatThrownBy(() -> SimpleSigningPayload.of(ImageReference.parse("app:1")))
        .hasMessage("sign an image by digest, not by tag: docker.io/library/app:1");
  }

  @Test
  void eachConnaisseurSignatureVerifiesWithItsSignerOnly() {
    Map<String, SignatureVerifier> keys = new LinkedHashMap<>();
    for (String name : List.of("alice", "bob", "charlie", "default")) {
      keys.put(name, SignatureVerifier.fromPem(text("connaisseur/keys/" + name + ".pub")));
    }

    assertThat(signers("sha256-bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533"
        + ".sig.json", keys)).containsExactly(List.of("alice"), List.of("bob"),
        List.of("charlie"));
    assertThat(signers("sha256-071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81"
        + ".sig.json", keys)).containsExactly(List.of("alice"));
    assertThat(signers("sha256-31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee"
        + ".sig.json", keys)).containsExactly(List.of());
  }

  @Test
  void theSignedPayloadNamesTheImageTheSignatureTagIsFor() {
    SimpleSigningPayload payload = SimpleSigningPayload.parse(bytes("connaisseur/blobs/"
        + "sha256-7248e52a7da336ff63192f2c0a8f12562b0d5368e9cde6ab292cbb4604074f28.json"));

    assertThat(payload.isFor(Digest.parse(BFEC))).isTrue();
    assertThat(payload.dockerReference())
        .isEqualTo("index.docker.io/securesystemsengineering/testimage");
    assertThat(payload.optional()).isEmpty();
  }

  @Test
  void readsFieldNamesCaseInsensitivelyLikeGoAndRefusesTheSpecsElidedDigest() {
    // SIGNATURE_SPEC.md's example spells "Docker-manifest-digest" and elides the digest.
    assertThatThrownBy(() -> SimpleSigningPayload.parse(
        bytes("simplesigning-with-optional.spec-example.json")))
        .isInstanceOf(InvalidSignedDocumentException.class)
        .hasMessageContaining("critical.image.docker-manifest-digest: ")
        .hasMessageContaining("sha256:20be...fe55");
  }

  @Test
  void refusesAnotherPayloadType() {
    byte[] json = text("connaisseur/blobs/"
        + "sha256-7248e52a7da336ff63192f2c0a8f12562b0d5368e9cde6ab292cbb4604074f28.json")
        .replace("cosign container image signature", "atomic container signature")
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SimpleSigningPayload.parse(json))
        .hasMessageStartingWith("simple signing payload: critical.type must be \"cosign"
            + " container image signature\"");
  }

  /** For each layer of a connaisseur signature manifest, the names of the keys that verify it. */
  private static List<List<String>> signers(String manifest,
      Map<String, SignatureVerifier> keys) {
    JsonNode root = StrictJson.object(bytes("connaisseur/manifests/" + manifest), "manifest");
    List<List<String>> result = new ArrayList<>();
    for (JsonNode layer : root.path("layers").values()) {
      byte[] blob = bytes("connaisseur/blobs/" + layer.path("digest").stringValue()
          .replace(':', '-') + ".json");
      byte[] signature = Base64.getDecoder().decode(layer.path("annotations")
          .path("dev.cosignproject.cosign/signature").stringValue());
      List<String> names = new ArrayList<>();
      keys.forEach((name, key) -> {
        if (key.verify(blob, signature)) {
          names.add(name);
        }
      });
      result.add(names);
    }
    return result;
  }
}
