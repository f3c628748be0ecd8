package dev.scangate.webhooks;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The configured sources by name, built once at startup from {@link WebhookProperties}. */
@Component
class WebhookSources {

  private final Map<String, WebhookSource> sources;

  WebhookSources(WebhookProperties properties, Clock clock, JsonMapper mapper) {
    PayloadReader reader = new PayloadReader(mapper);
    this.sources = properties.sources().entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
            e -> WebhookSource.of(e.getKey(), e.getValue(), clock, reader)));
  }

  Optional<WebhookSource> find(String name) {
    return Optional.ofNullable(sources.get(name));
  }
}
