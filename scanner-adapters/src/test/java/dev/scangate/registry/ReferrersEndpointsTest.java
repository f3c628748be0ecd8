package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How the answers of a registry with the referrers API are read (distribution-spec v1.1.0). */
class ReferrersEndpointsTest {

  private static final Digest SUBJECT = Digest.parse("sha256:" + "1d".repeat(32));

  @Test
  void ociSubjectHeaderIsTheSignOfTheReferrersApi() {
    assertThat(ReferrersEndpoints.ociSubject(Optional.of(" " + SUBJECT + " "))).isEqualTo(SUBJECT);
    assertThat(ReferrersEndpoints.ociSubject(Optional.empty())).isNull();
    assertThat(ReferrersEndpoints.ociSubject(Optional.of(""))).isNull();
    assertThat(ReferrersEndpoints.ociSubject(Optional.of("yes"))).isNull();
  }

  @Test
  void filtersAppliedAndNextPageAreReadFromTheHeaders() {
    assertThat(ReferrersEndpoints.artifactTypeFiltered(List.of("artifactType"))).isTrue();
    assertThat(ReferrersEndpoints.artifactTypeFiltered(List.of("annotation, artifactType")))
        .isTrue();
    assertThat(ReferrersEndpoints.artifactTypeFiltered(List.of())).isFalse();
    URI base = URI.create("https://reg.example/v2/app/referrers/" + SUBJECT);
    assertThat(ReferrersEndpoints.nextLink(List.of(
        "</v2/app/referrers/" + SUBJECT + "?n=2&last=x>; rel=\"next\""), base))
        .isEqualTo(URI.create("https://reg.example/v2/app/referrers/" + SUBJECT + "?n=2&last=x"));
    assertThat(ReferrersEndpoints.nextLink(List.of("<https://reg.example/a>; rel=\"prev\""),
        base)).isNull();
  }

  @Test
  void referrersIndexEntriesKeepArtifactTypeAndAnnotations() {
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"digest\":\"" + SUBJECT + "\",\"size\":900,\"artifactType\":"
        + "\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"annotations\":"
        + "{\"dev.sigstore.bundle.predicateType\":\"https://cyclonedx.org/bom\"}}]}")
        .getBytes(StandardCharsets.UTF_8);

    List<Referrer> referrers = ReferrersEndpoints.parseIndex(index, "referrers list");

    assertThat(referrers).containsExactly(new Referrer(MediaTypes.OCI_MANIFEST, SUBJECT, 900,
        "application/vnd.dev.sigstore.bundle.v0.3+json",
        Map.of("dev.sigstore.bundle.predicateType", "https://cyclonedx.org/bom")));
  }

  @Test
  void artifactManifestHasEmptyConfigArtifactTypeSubjectAndIsStable() {
    ReferrerArtifact artifact = new ReferrerArtifact("application/example",
        List.of(new ReferrerArtifact.Layer("application/example", "x".getBytes(
            StandardCharsets.UTF_8), Map.of())), Map.of("b", "2", "a", "1"));
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, SUBJECT, 512, null, null);

    byte[] manifest = artifact.manifest(subject);
    JsonNode root = JsonFields.object(manifest, "manifest");

    assertThat(artifact.manifest(subject)).isEqualTo(manifest);
    assertThat(root.get("artifactType").asString()).isEqualTo("application/example");
    assertThat(root.at("/config/mediaType").asString()).isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(root.at("/config/digest").asString()).isEqualTo(
        "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(root.at("/subject/digest").asString()).isEqualTo(SUBJECT.toString());
    assertThat(root.at("/subject/size").asLong()).isEqualTo(512);
    ImageManifest parsed = (ImageManifest) ManifestContent.parse(manifest, null);
    assertThat(parsed.subject()).isEqualTo(subject);
    assertThat(parsed.annotations().keySet()).containsExactly("a", "b");
  }

  @Test
  void fallbackTagIsAlgorithmDashHex() {
    ImageReference image = ImageReference.parse("reg.example/app@" + SUBJECT);
    assertThat(OciReferrers.fallbackTag(image).tag()).isEqualTo("sha256-" + SUBJECT.hex());
  }
}
