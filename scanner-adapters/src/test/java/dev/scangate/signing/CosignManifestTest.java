package dev.scangate.signing;

import static dev.scangate.signing.SigningFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The signature image as cosign writes it, checked against connaisseur's real cosign signature
 * manifests: the config digests they reference are reproduced exactly.
 */
class CosignManifestTest {

  private static final String ONE_SIGNATURE =
      "sha256-071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81.sig.json";
  private static final String THREE_SIGNATURES =
      "sha256-bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533.sig.json";
  private static final String KEYLESS =
      "sha256-31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee.sig.json";

  @Test
  void aFreshConfigHasTheDigestCosignsManifestReferences() {
    for (String file : List.of(ONE_SIGNATURE, KEYLESS)) {
      JsonNode manifest = manifest(file);
      Digest layer = Digest.parse(manifest.path("layers").get(0).path("digest").stringValue());

      byte[] config = CosignManifest.config(List.of(layer));

      assertThat(Digest.sha256(config).toString()).as(file)
          .isEqualTo(manifest.path("config").path("digest").stringValue());
      assertThat((long) config.length).isEqualTo(manifest.path("config").path("size").longValue());
    }
  }

  @Test
  void appendingThreeSignaturesGivesTheConfigOfTheThreeSignatureManifest() {
    JsonNode manifest = manifest(THREE_SIGNATURES);
    Digest layer = Digest.parse(manifest.path("layers").get(0).path("digest").stringValue());

    byte[] config = CosignManifest.config(List.of(layer));
    config = CosignManifest.appendToConfig(config, layer);
    config = CosignManifest.appendToConfig(config, layer);

    assertThat(Digest.sha256(config).toString())
        .isEqualTo("sha256:4f3f54134335a9734c5685d2648387ecaf6339d9cc9ae6dc62d82fba971f889f");
  }

  @Test
  void rebuildingTheThreeSignatureManifestLayerByLayerGivesTheSameDocument() {
    JsonNode original = manifest(THREE_SIGNATURES);
    List<Descriptor> layers = new ArrayList<>();
    for (JsonNode layer : original.path("layers").values()) {
      layers.add(new Descriptor(layer.path("mediaType").stringValue(),
          Digest.parse(layer.path("digest").stringValue()), layer.path("size").longValue(), null,
          Map.of(CosignStorage.SIGNATURE_ANNOTATION, layer.path("annotations")
              .path(CosignStorage.SIGNATURE_ANNOTATION).stringValue())));
    }

    JsonNode built = null;
    byte[] config = null;
    for (Descriptor layer : layers) {
      config = config == null ? CosignManifest.config(List.of(layer.digest()))
          : CosignManifest.appendToConfig(config, layer.digest());
      Descriptor configDescriptor = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config),
          config.length, null, null);
      built = StrictJson.object(CosignManifest.manifest(MediaTypes.OCI_MANIFEST,
          configDescriptor, built, layer), "built");
    }

    assertThat(built).isEqualTo(original);
  }

  @Test
  void appendingKeepsOtherSignersLayersAndTopLevelFieldsExactly() {
    JsonNode keyless = manifest(KEYLESS);
    Descriptor ours = new Descriptor(SimpleSigningPayload.MEDIA_TYPE, Digest.sha256(new byte[1]),
        1, null, Map.of(CosignStorage.SIGNATURE_ANNOTATION, "MEUCIQ=="));
    Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(new byte[2]), 2,
        null, null);

    JsonNode appended = StrictJson.object(CosignManifest.manifest(MediaTypes.OCI_MANIFEST,
        config, keyless, ours), "appended");

    assertThat(appended.path("layers").get(0)).isEqualTo(keyless.path("layers").get(0));
    assertThat(appended.path("layers").get(0).path("annotations")
        .path("dev.sigstore.cosign/certificate").stringValue()).contains("BEGIN CERTIFICATE");
    assertThat(appended.path("layers")).hasSize(2);
    assertThat(appended.path("layers").get(1).path("annotations")
        .path(CosignStorage.SIGNATURE_ANNOTATION).stringValue()).isEqualTo("MEUCIQ==");
  }

  @Test
  void refusesToAppendToAConfigWithoutRootfs() {
    assertThatThrownBy(() -> CosignManifest.appendToConfig("{\"os\":\"\"}".getBytes(),
        Digest.sha256(new byte[0])))
        .hasMessage("the signature image's config has no rootfs object");
  }

  private static JsonNode manifest(String file) {
    return StrictJson.object(bytes("connaisseur/manifests/" + file), file);
  }
}
