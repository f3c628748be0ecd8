package dev.scangate.webhooks;

import dev.scangate.registry.MediaTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Images from registry notifications: each {@code push} event of a manifest or index becomes
 * {@code <host>/<target.repository>@<target.digest>}, the host being the source's configured
 * registry or else the event's {@code request.host}. Blob pushes, pulls and deletions are
 * ignored. Each event is its own delivery, identified by its {@code id}, because the registry
 * may batch events and retries a whole envelope.
 *
 * <pre>{@code
 * // action push, target.mediaType application/vnd.docker.distribution.manifest.v2+json,
 * // target.repository library/test, request.host registrycluster.local
 * // → ["registrycluster.local/library/test@sha256:fea8…"]
 * }</pre>
 */
final class DistributionExtractor implements PayloadExtractor {

  private final PayloadReader reader;
  private final String registry;

  DistributionExtractor(PayloadReader reader, String registry) {
    this.reader = reader;
    this.registry = registry;
  }

  @Override
  public Extraction extract(WebhookRequest request) {
    DistributionPayload payload =
        reader.read(Provider.DISTRIBUTION, request.body(), DistributionPayload.class);
    if (payload.events() == null || payload.events().isEmpty()) {
      throw new NoImageException(Provider.DISTRIBUTION, "events is missing or empty (expected a"
          + " notification envelope {\"events\": [...]})");
    }
    List<Extraction.Delivery> deliveries = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < payload.events().size(); i++) {
      DistributionPayload.Event event = payload.events().get(i);
      if (event == null) {
        continue;
      }
      DistributionPayload.Target target = event.target();
      if (!"push".equals(event.action())) {
        ignored.add(event.action() + " event");
        continue;
      }
      if (target == null || !isManifest(target.mediaType())) {
        ignored.add("blob push");
        continue;
      }
      if (Extraction.isSignatureTag(target.tag())) {
        ignored.add("cosign signature tag " + target.tag());
        continue;
      }
      String where = "events[" + i + "]";
      if (blank(target.repository()) || blank(target.digest())) {
        throw new NoImageException(Provider.DISTRIBUTION, where
            + ": target.repository or target.digest is missing");
      }
      String host = registry;
      if (host == null) {
        if (event.request() == null || blank(event.request().host())) {
          throw new NoImageException(Provider.DISTRIBUTION, where + ": request.host is missing"
              + " and the source has no registry configured");
        }
        host = event.request().host().strip();
      }
      String reference = host + "/" + target.repository() + "@" + target.digest();
      String id = blank(event.id()) ? null : event.id();
      Extraction.Delivery delivery = id != null
          ? Extraction.Delivery.of(id, request, List.of(reference))
          : new Extraction.Delivery(request.bodyDigest() + "#" + i, true, List.of(reference));
      deliveries.add(delivery);
    }
    return new Extraction(deliveries, ignored);
  }

  private static boolean isManifest(String mediaType) {
    return mediaType != null
        && (MediaTypes.isImageManifest(mediaType) || MediaTypes.isIndex(mediaType));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
