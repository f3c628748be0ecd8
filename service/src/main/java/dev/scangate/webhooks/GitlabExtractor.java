package dev.scangate.webhooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Images from GitLab pipeline events. GitLab has no container registry push event, so scangate
 * reads the images a pipeline names in its variables: {@code SCANGATE_IMAGE} (one reference) or
 * {@code SCANGATE_IMAGES} (references separated by spaces, commas or line breaks), from a
 * pipeline event whose status is {@code success}. Pipeline events report only the variables the
 * pipeline was created with (API, trigger, schedule, "Run pipeline" form), not those of
 * {@code .gitlab-ci.yml}; for images built in a job, calling {@code POST /api/v1/scans} from the
 * job is simpler. Other pipeline statuses are ignored; other events carry no image (400).
 *
 * <pre>{@code
 * // object_kind pipeline, status success,
 * // variables [{key: SCANGATE_IMAGE, value: "registry.gitlab.com/g/p:1"}]
 * // → ["registry.gitlab.com/g/p:1"]
 * }</pre>
 */
final class GitlabExtractor implements PayloadExtractor {

  static final String IMAGE_VARIABLE = "SCANGATE_IMAGE";
  static final String IMAGES_VARIABLE = "SCANGATE_IMAGES";
  /**
   * Stays the same across retries of one delivery
   * (https://gitlab.com/gitlab-org/gitlab/-/issues/388692); older GitLab sends only the event UUID.
   */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String EVENT_UUID = "X-Gitlab-Event-UUID";

  private final PayloadReader reader;

  GitlabExtractor(PayloadReader reader) {
    this.reader = reader;
  }

  @Override
  public Extraction extract(WebhookRequest request) {
    GitlabPayload payload = reader.read(Provider.GITLAB, request.body(), GitlabPayload.class);
    String kind = payload.objectKind();
    if (kind == null) {
      throw new NoImageException(Provider.GITLAB, "object_kind is missing");
    }
    if (!"pipeline".equals(kind)) {
      throw new NoImageException(Provider.GITLAB, "object_kind " + kind + " carries no image;"
          + " scangate reads images only from pipeline events with the variable "
          + IMAGE_VARIABLE + " or " + IMAGES_VARIABLE);
    }
    GitlabPayload.Attributes pipeline = payload.objectAttributes();
    if (pipeline == null) {
      throw new NoImageException(Provider.GITLAB, "the pipeline event has no object_attributes");
    }
    if (!"success".equals(pipeline.status())) {
      return Extraction.ignoring("gitlab pipeline " + pipeline.id() + " status "
          + pipeline.status() + "; scangate scans when it succeeds");
    }
    List<String> references = references(pipeline);
    if (references.isEmpty()) {
      throw new NoImageException(Provider.GITLAB, "pipeline " + pipeline.id()
          + " has no variable " + IMAGE_VARIABLE + " or " + IMAGES_VARIABLE);
    }
    String id = request.header(IDEMPOTENCY_KEY);
    if (id == null || id.isBlank()) {
      id = request.header(EVENT_UUID);
    }
    return new Extraction(List.of(Extraction.Delivery.of(id, request, references)), List.of());
  }

  private static List<String> references(GitlabPayload.Attributes pipeline) {
    List<String> references = new ArrayList<>();
    if (pipeline.variables() == null) {
      return references;
    }
    for (GitlabPayload.Variable variable : pipeline.variables()) {
      if (variable == null || variable.value() == null) {
        continue;
      }
      if (IMAGE_VARIABLE.equals(variable.key()) && !variable.value().isBlank()) {
        references.add(variable.value().strip());
      } else if (IMAGES_VARIABLE.equals(variable.key())) {
        Arrays.stream(variable.value().split("[\\s,]+"))
            .filter(s -> !s.isEmpty())
            .forEach(references::add);
      }
    }
    return references;
  }
}
