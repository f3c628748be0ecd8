package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The fields scangate reads from a Docker Hub repository webhook
 * (https://docs.docker.com/docker-hub/repos/manage/webhooks/): the pushed tag and the
 * repository.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DockerHubPayload(@JsonProperty("push_data") PushData pushData, Repository repository) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PushData(String tag) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Repository(@JsonProperty("repo_name") String repoName) {
  }
}
