package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WebhookGithubExtractorTest {

  private static final String DIGEST =
      "sha256:3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498";
  private final GithubExtractor extractor = new GithubExtractor(Payloads.reader(), null);

  private Extraction extract(String file, String event, String delivery) {
    return extractor.extract(Payloads.request(Payloads.bytes(file),
        delivery == null ? Map.of("X-GitHub-Event", event)
            : Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery)));
  }

  @Test
  void registryPackagePublishedBecomesLowercaseGhcrReferenceAtTheManifestDigest() {
    Extraction e = extract("github/registry_package.published.docker.payload.json",
        "registry_package", "72d3162e-cc78-11e3-81ab-4c9367dc0958");

    assertThat(e.deliveries()).singleElement().satisfies(d -> {
      // The 40-hex container_metadata.tag.digest is not a digest; version is.
      assertThat(d.references()).containsExactly("ghcr.io/codertocat/hello-world@" + DIGEST);
      assertThat(d.id()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
      assertThat(d.contentAddressed()).isFalse();
    });
    assertThat(e.ignoredSummary()).isNull();
  }

  @Test
  void packagePublishedEventHasTheSameShapeUnderPackage() {
    Extraction e = extract("github/package.published.docker.payload.json", "package", "d-1");

    assertThat(e.deliveries().get(0).references())
        .containsExactly("ghcr.io/codertocat/hello-world@" + DIGEST);
  }

  @Test
  void eventIsInferredFromThePayloadWhenTheHeaderIsMissing() {
    Extraction e = extractor.extract(Payloads.request(
        Payloads.bytes("github/registry_package.published.docker.payload.json"), Map.of()));

    assertThat(e.deliveries().get(0).references())
        .containsExactly("ghcr.io/codertocat/hello-world@" + DIGEST);
    // No X-GitHub-Delivery: the body identifies the delivery.
    assertThat(e.deliveries().get(0).id()).startsWith("sha256:");
    assertThat(e.deliveries().get(0).contentAddressed()).isTrue();
  }

  @Test
  void npmPackageIsRefusedNamingItsType() {
    assertThatThrownBy(() -> extract("github/package.published.npm.payload.json", "package",
        "d-2"))
        .isInstanceOf(NoImageException.class)
        .hasMessage("github payload has no container image: package_type npm");
  }

  @Test
  void workflowRunIsRefusedAsNotAPackageEvent() {
    assertThatThrownBy(() -> extract("github/workflow_run.completed.payload.json",
        "workflow_run", "d-3"))
        .isInstanceOf(NoImageException.class)
        .hasMessageContaining("event workflow_run is not a package or registry_package event");
  }

  @Test
  void pingIsIgnored() {
    Extraction e = extractor.extract(Payloads.request("{\"zen\":\"Keep it simple.\"}".getBytes(),
        Map.of("X-GitHub-Event", "ping")));

    assertThat(e.deliveries()).isEmpty();
    assertThat(e.ignoredSummary()).isEqualTo("github ping event");
  }

  @Test
  void actionsOtherThanPublishedAreIgnored() {
    ObjectNode updated = Payloads.tree("github/registry_package.published.docker.payload.json");
    updated.put("action", "updated"); // GitHub's other registry_package action
    Extraction e = extractor.extract(Payloads.request(Payloads.bytes(updated),
        Map.of("X-GitHub-Event", "registry_package")));

    assertThat(e.deliveries()).isEmpty();
    assertThat(e.ignoredSummary()).isEqualTo("github registry_package action updated is not a"
        + " publish");
  }

  @Test
  void configuredRegistryReplacesTheHost() {
    GithubExtractor enterprise = new GithubExtractor(Payloads.reader(), "containers.ghe.example");
    Extraction e = enterprise.extract(Payloads.request(
        Payloads.bytes("github/registry_package.published.docker.payload.json"),
        Map.of("X-GitHub-Event", "registry_package")));

    assertThat(e.deliveries().get(0).references())
        .containsExactly("containers.ghe.example/codertocat/hello-world@" + DIGEST);
  }

  @Test
  void tagIsUsedWhenNoValidDigestIsPresent() {
    ObjectNode tagged = Payloads.tree("github/registry_package.published.docker.payload.json");
    ObjectNode version = (ObjectNode) tagged.get("registry_package").get("package_version");
    version.put("version", "latest");
    version.put("name", "latest");
    ((ObjectNode) version.get("container_metadata").get("tag")).put("name", "1.4.2");

    Extraction e = extractor.extract(Payloads.request(Payloads.bytes(tagged),
        Map.of("X-GitHub-Event", "registry_package")));

    assertThat(e.deliveries().get(0).references())
        .containsExactly("ghcr.io/codertocat/hello-world:1.4.2");
  }

  @Test
  void cosignSignatureTagIsIgnored() {
    ObjectNode signature = Payloads.tree("github/registry_package.published.docker.payload.json");
    ObjectNode version = (ObjectNode) signature.get("registry_package").get("package_version");
    ((ObjectNode) version.get("container_metadata").get("tag"))
        .put("name", DIGEST.replace(':', '-') + ".sig");

    Extraction e = extractor.extract(Payloads.request(Payloads.bytes(signature),
        Map.of("X-GitHub-Event", "registry_package")));

    assertThat(e.deliveries()).isEmpty();
    assertThat(e.ignoredSummary()).startsWith("cosign signature tag sha256-3da1996a");
  }

  @Test
  void truncatedBodyIsMalformed() {
    byte[] body = Payloads.bytes("github/registry_package.published.docker.payload.json");
    byte[] truncated = java.util.Arrays.copyOf(body, body.length / 2); // hand-truncated

    assertThatThrownBy(() -> extractor.extract(Payloads.request(truncated,
        Map.of("X-GitHub-Event", "registry_package"))))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageStartingWith("the github payload is not valid: ");
  }

  @Test
  void formEncodedBodyIsMalformedWithAHint() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request(
        "payload=%7B%22action%22%3A%22published%22%7D".getBytes(),
        Map.of("X-GitHub-Event", "registry_package"))))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("content type to application/json");
  }
}
