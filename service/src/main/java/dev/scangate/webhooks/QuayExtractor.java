package dev.scangate.webhooks;

import java.util.ArrayList;
import java.util.List;

/**
 * Images from Quay repository pushes: one {@code <docker_url>:<tag>} per entry of
 * {@code updated_tags}. Vulnerability and build notifications are ignored. Quay sends no delivery
 * id and its push body has no time, so an identical body counts as a repeat only within
 * {@code scangate.webhooks.content-replay-window}.
 *
 * <pre>{@code
 * // docker_url quay.io/mynamespace/repository, updated_tags [latest]
 * // → ["quay.io/mynamespace/repository:latest"]
 * }</pre>
 */
final class QuayExtractor implements PayloadExtractor {

  private static final String QUAY = "quay.io";

  private final PayloadReader reader;
  private final String registry;

  QuayExtractor(PayloadReader reader, String registry) {
    this.reader = reader;
    this.registry = registry;
  }

  @Override
  public Extraction extract(WebhookRequest request) {
    QuayPayload payload = reader.read(Provider.QUAY, request.body(), QuayPayload.class);
    if (payload.updatedTags() == null) {
      if (payload.vulnerability() != null) {
        return Extraction.ignoring("quay vulnerability notification");
      }
      if (payload.buildId() != null) {
        return Extraction.ignoring("quay build notification");
      }
      throw new NoImageException(Provider.QUAY, "updated_tags is missing (only repository push"
          + " notifications name images)");
    }
    String name = name(payload);
    List<String> references = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String tag : payload.updatedTags()) {
      if (tag == null || tag.isBlank()) {
        continue;
      }
      if (Extraction.isSignatureTag(tag.strip())) {
        ignored.add("cosign signature tag " + tag.strip());
      } else {
        references.add(name + ":" + tag.strip());
      }
    }
    if (references.isEmpty()) {
      if (ignored.isEmpty()) {
        throw new NoImageException(Provider.QUAY, "updated_tags is empty");
      }
      return new Extraction(List.of(), ignored);
    }
    return new Extraction(List.of(Extraction.Delivery.of(null, request, references)), ignored);
  }

  /** {@code host/namespace/repository}: from docker_url, else the registry and repository. */
  private String name(QuayPayload payload) {
    String url = payload.dockerUrl();
    if (url != null && url.strip().indexOf('/') > 0) {
      url = url.strip();
      int slash = url.indexOf('/');
      return (registry != null ? registry : url.substring(0, slash)) + url.substring(slash);
    }
    if (payload.repository() != null && !payload.repository().isBlank()) {
      return (registry != null ? registry : QUAY) + "/" + payload.repository().strip();
    }
    throw new NoImageException(Provider.QUAY, "docker_url and repository are missing");
  }
}
