package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The fields scangate reads from Quay notification webhooks
 * (https://docs.quay.io/guides/notifications.html). Quay names no event type in the body; a
 * repository push carries {@code updated_tags}, a vulnerability notification
 * {@code vulnerability}, build notifications {@code build_id}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record QuayPayload(String repository, @JsonProperty("docker_url") String dockerUrl,
    @JsonProperty("updated_tags") List<String> updatedTags, JsonNode vulnerability,
    @JsonProperty("build_id") String buildId) {
}
