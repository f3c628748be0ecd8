package dev.scangate.webhooks;

import dev.scangate.image.Digest;
import dev.scangate.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.List;

/**
 * Images from Harbor artifact pushes: each resource becomes
 * {@code <host>/<repo_full_name>@<digest>}, the host taken from the resource's
 * {@code resource_url} (or the source's configured registry). Other event types (pull, delete,
 * scan completed, quota, replication) are ignored. Harbor sends no delivery id, so a delivery is
 * identified by its body, which includes the event time.
 *
 * <pre>{@code
 * // type PUSH_ARTIFACT, resource_url localhost/harbor/alpine@sha256:954b…,
 * // repo_full_name harbor/alpine
 * // → ["localhost/harbor/alpine@sha256:954b…"]
 * }</pre>
 */
final class HarborExtractor implements PayloadExtractor {

  static final String PUSH = "PUSH_ARTIFACT";
  static final String CLOUDEVENTS_PUSH = "harbor.artifact.pushed";

  private final PayloadReader reader;
  private final String registry;

  HarborExtractor(PayloadReader reader, String registry) {
    this.reader = reader;
    this.registry = registry;
  }

  @Override
  public Extraction extract(WebhookRequest request) {
    HarborPayload payload = reader.read(Provider.HARBOR, request.body(), HarborPayload.class);
    boolean cloudEvent = payload.specversion() != null;
    String type = payload.type();
    if (type == null) {
      throw new NoImageException(Provider.HARBOR, "type is missing (expected Harbor's default"
          + " or CloudEvents payload)");
    }
    if (!(cloudEvent ? CLOUDEVENTS_PUSH : PUSH).equals(type)) {
      return Extraction.ignoring("harbor event " + type + " is not an artifact push");
    }
    HarborPayload.EventData data = cloudEvent ? payload.data() : payload.eventData();
    String field = cloudEvent ? "data" : "event_data";
    if (data == null || data.resources() == null || data.resources().isEmpty()) {
      throw new NoImageException(Provider.HARBOR, field + ".resources is empty");
    }
    List<String> references = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (HarborPayload.Resource resource : data.resources()) {
      if (resource == null) {
        continue;
      }
      if (Extraction.isSignatureTag(resource.tag())) {
        ignored.add("cosign signature tag " + resource.tag());
        continue;
      }
      references.add(reference(field, resource, data.repository()));
    }
    if (references.isEmpty()) {
      return new Extraction(List.of(), ignored.isEmpty()
          ? List.of(field + ".resources lists no artifact") : ignored);
    }
    return new Extraction(List.of(Extraction.Delivery.of(null, request, references)), ignored);
  }

  private String reference(String field, HarborPayload.Resource resource,
      HarborPayload.Repository repository) {
    String url = resource.resourceUrl();
    if (url == null || url.isBlank() || url.indexOf('/') < 0) {
      throw new NoImageException(Provider.HARBOR, field + ".resources[].resource_url is missing");
    }
    int slash = url.indexOf('/');
    String host = registry != null ? registry : url.substring(0, slash);
    Digest digest = digest(resource.digest());
    String repositoryName = repository != null && repository.repoFullName() != null
        ? repository.repoFullName() : null;
    if (digest != null && repositoryName != null) {
      return host + "/" + repositoryName + "@" + digest;
    }
    // Without digest or repository name, the resource URL as Harbor wrote it.
    return host + url.substring(slash);
  }

  private static Digest digest(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Digest.parse(value);
    } catch (InvalidReferenceException e) {
      return null;
    }
  }
}
