package dev.scangate.webhooks;

import dev.scangate.image.ImageReference;
import java.util.List;

/**
 * Images from Docker Hub pushes: {@code docker.io/<repository.repo_name>:<push_data.tag>}.
 * Docker Hub sends no delivery id; the body (which includes {@code pushed_at}) identifies it.
 *
 * <pre>{@code
 * // push_data.tag latest, repository.repo_name svendowideit/testhook
 * // → ["docker.io/svendowideit/testhook:latest"]
 * }</pre>
 */
final class DockerHubExtractor implements PayloadExtractor {

  private final PayloadReader reader;
  private final String registry;

  DockerHubExtractor(PayloadReader reader, String registry) {
    this.reader = reader;
    this.registry = registry == null ? ImageReference.DOCKER_HUB : registry;
  }

  @Override
  public Extraction extract(WebhookRequest request) {
    DockerHubPayload payload =
        reader.read(Provider.DOCKERHUB, request.body(), DockerHubPayload.class);
    if (payload.pushData() == null || blank(payload.pushData().tag())) {
      throw new NoImageException(Provider.DOCKERHUB, "push_data.tag is missing");
    }
    if (payload.repository() == null || blank(payload.repository().repoName())) {
      throw new NoImageException(Provider.DOCKERHUB, "repository.repo_name is missing");
    }
    String tag = payload.pushData().tag().strip();
    if (Extraction.isSignatureTag(tag)) {
      return Extraction.ignoring("cosign signature tag " + tag);
    }
    String reference = registry + "/" + payload.repository().repoName().strip() + ":" + tag;
    return new Extraction(List.of(Extraction.Delivery.of(null, request, List.of(reference))),
        List.of());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
