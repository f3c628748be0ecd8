package dev.scangate.syft;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Wire records of Syft's own JSON format ({@code syft -o syft-json}), reduced to the fields
 * scangate uses and tolerant of every field it does not know. The fields that changed shape
 * between schema versions are kept as trees: {@code licenses} (strings up to schema 6, objects
 * {@code {value, spdxExpression, type}} since), {@code distro.idLike} (a string, later an array),
 * {@code source} ({@code target} up to schema 6, {@code metadata} since). Schemas:
 * https://github.com/anchore/syft/tree/main/schema/json
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SyftJson(List<Artifact> artifacts, JsonNode source, Distro distro, Descriptor descriptor,
    Schema schema) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Artifact(String id, String name, String version, String type, String foundBy,
      List<Location> locations, JsonNode licenses, String purl, String metadataType,
      JsonNode metadata) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Location(String path, String layerID) {
  }

  /** {@code id}/{@code versionID} since schema 2; {@code name}/{@code version} before. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Distro(String id, String name, String versionID, String version, String prettyName,
      String versionCodename, JsonNode idLike) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Descriptor(String name, String version) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Schema(String version, String url) {
  }
}
