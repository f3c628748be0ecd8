package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The fields scangate reads from Harbor webhook payloads
 * (https://goharbor.io/docs/main/working-with-projects/project-configuration/configure-webhooks/),
 * in both formats: Harbor's default ({@code type}, {@code event_data}) and CloudEvents 1.0
 * ({@code specversion}, {@code type}, {@code data}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record HarborPayload(String type, String specversion,
    @JsonProperty("event_data") EventData eventData, EventData data) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record EventData(List<Resource> resources, Repository repository) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Resource(String digest, String tag, @JsonProperty("resource_url") String resourceUrl) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Repository(@JsonProperty("repo_full_name") String repoFullName) {
  }
}
