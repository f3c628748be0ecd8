package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The fields scangate reads from a registry notification envelope (CNCF distribution,
 * https://distribution.github.io/distribution/about/notifications/), sent with
 * {@code Content-Type: application/vnd.docker.distribution.events.v2+json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DistributionPayload(List<Event> events) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Event(String id, String action, Target target, Request request) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Target(String mediaType, String repository, String digest, String tag) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Request(String host) {
  }
}
