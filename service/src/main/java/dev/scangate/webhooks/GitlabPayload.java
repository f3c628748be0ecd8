package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The fields scangate reads from GitLab webhook payloads
 * (https://docs.gitlab.com/user/project/integrations/webhook_events/): the kind of event and,
 * for pipeline events, the pipeline's status and variables.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record GitlabPayload(@JsonProperty("object_kind") String objectKind,
    @JsonProperty("object_attributes") Attributes objectAttributes) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Attributes(Long id, String status, List<Variable> variables) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Variable(String key, String value) {
  }
}
