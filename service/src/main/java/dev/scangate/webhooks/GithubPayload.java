package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The fields scangate reads from GitHub's {@code registry_package} and {@code package} events
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#registry_package). Both carry
 * the same package object, under {@code registry_package} or {@code package}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record GithubPayload(String action,
    @JsonProperty("registry_package") PackageObject registryPackage,
    @JsonProperty("package") PackageObject packageObject) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PackageObject(String name, String namespace,
      @JsonProperty("package_type") String packageType, String ecosystem, Owner owner,
      @JsonProperty("package_version") Version packageVersion, Registry registry) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Owner(String login) {
  }

  /** For a container, {@code version} and {@code name} are the manifest digest. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Version(String version, String name,
      @JsonProperty("container_metadata") ContainerMetadata containerMetadata,
      @JsonProperty("package_url") String packageUrl) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ContainerMetadata(Tag tag) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Tag(String name, String digest) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Registry(String type, String url) {
  }
}
