package dev.scangate.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Images from scangate's own format, for any system that can sign Standard Webhooks: the body
 * {@code {"image": "ref"}} or {@code {"images": ["ref", …]}}, the delivery id from
 * {@code webhook-id}.
 *
 * <pre>{@code
 * // {"images": ["ghcr.io/acme/app:1.4.2", "ghcr.io/acme/worker:1.4.2"]}
 * // → both references, one delivery
 * }</pre>
 */
final class GenericExtractor implements PayloadExtractor {

  private final PayloadReader reader;

  GenericExtractor(PayloadReader reader) {
    this.reader = reader;
  }

  @Override
  public Extraction extract(WebhookRequest request) {
    GenericPayload payload = reader.read(Provider.GENERIC, request.body(), GenericPayload.class);
    List<String> references = new ArrayList<>();
    if (payload.image() != null) {
      references.add(payload.image());
    }
    if (payload.images() != null) {
      payload.images().stream().filter(Objects::nonNull).forEach(references::add);
    }
    if (references.isEmpty()) {
      throw new NoImageException(Provider.GENERIC, "neither \"image\" nor \"images\" is set,"
          + " e.g. {\"image\": \"registry.example.com/app:1.0\"}");
    }
    return new Extraction(List.of(Extraction.Delivery.of(
        request.header(StandardWebhookSignature.ID), request, references)), List.of());
  }
}
