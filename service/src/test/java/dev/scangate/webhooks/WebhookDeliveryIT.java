package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.TestPropertySource;

/**
 * The application with one webhook source per provider, the registries named in the recorded
 * payloads allowed (so their scans are accepted), and no workers: scans are enqueued and stay
 * queued, nothing is pulled from those registries. Every subclass shares this context and its
 * database.
 */
@TestPropertySource(properties = {
    "scangate.worker.enabled=false",
    "scangate.webhooks.sources.github.provider=github",
    "scangate.webhooks.sources.github.secret=" + WebhookDeliveryIT.GITHUB_SECRET,
    "scangate.webhooks.sources.gitlab.provider=gitlab",
    "scangate.webhooks.sources.gitlab.secret=" + WebhookDeliveryIT.GITLAB_SECRET,
    "scangate.webhooks.sources.harbor.provider=harbor",
    "scangate.webhooks.sources.harbor.secret=" + WebhookDeliveryIT.HARBOR_AUTH_HEADER,
    "scangate.webhooks.sources.hub.provider=dockerhub",
    "scangate.webhooks.sources.hub.secret=" + WebhookDeliveryIT.HUB_TOKEN,
    "scangate.webhooks.sources.quay.provider=quay",
    "scangate.webhooks.sources.quay.secret=" + WebhookDeliveryIT.QUAY_TOKEN,
    "scangate.webhooks.sources.registry.provider=distribution",
    "scangate.webhooks.sources.registry.secret=" + WebhookDeliveryIT.REGISTRY_SECRET,
    "scangate.webhooks.sources.ci.provider=generic",
    "scangate.webhooks.sources.ci.secret=" + WebhookDeliveryIT.CI_SECRET,
    "scangate.webhooks.sources.ci.priority=NORMAL"})
@Import(WebhookDeliveryIT.PayloadRegistries.class)
abstract class WebhookDeliveryIT extends ScangateIT {

  static final String GITHUB_SECRET = "github-webhook-secret";
  static final String GITLAB_SECRET = "gitlab-webhook-token";
  static final String HARBOR_AUTH_HEADER = "Bearer harbor-webhook-secret";
  static final String HUB_TOKEN = "hub-token-Zq3";
  static final String QUAY_TOKEN = "quay-token-8Kp";
  static final String REGISTRY_SECRET = "registry-notify-secret";
  static final String CI_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /**
   * Adds the payloads' registries to the allowlist ScangateIT sets. ScangateIT sets it with
   * {@code @DynamicPropertySource}, which outranks {@code @TestPropertySource} and runs after a
   * subclass's own {@code @DynamicPropertySource}; a registrar bean runs later still.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class PayloadRegistries {
    @Bean
    DynamicPropertyRegistrar payloadRegistries() {
      return registry -> registry.add("scangate.registries.allowed", () -> String.join(",",
          TestRegistry.open(), TestRegistry.auth(), DOWN_REGISTRY,
          "docker.io", "ghcr.io", "quay.io", "localhost", "registrycluster.local"));
    }
  }

  protected WebhookSender sender() {
    return new WebhookSender(port);
  }

  /** What the tables hold, to show a refused or repeated delivery changed nothing. */
  protected record Counts(long scans, long jobs, long deliveries) {
  }

  protected Counts counts() {
    return new Counts(count("scans"), count("jobs"), count("webhook_deliveries"));
  }

  protected static List<String> scanIds(Api.Response response) {
    List<String> ids = new ArrayList<>();
    response.json().get("scans").forEach(scan -> ids.add(scan.get("id").asString()));
    return ids;
  }

  /** The reference of a stored scan, read from the database. */
  protected String storedReference(String scanId) {
    return jdbc.sql("select reference from scans where id = :id")
        .param("id", UUID.fromString(scanId)).query(String.class).single();
  }

  protected List<String> recordedScans(String source, String deliveryId) {
    return jdbc.sql("""
            select unnest(scan_ids)::text from webhook_deliveries
             where source = :source and delivery_id = :id""")
        .param("source", source).param("id", deliveryId).query(String.class).list();
  }

  protected static void assertProblem(Api.Response r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.text("/type")).isEqualTo("https://scangate.dev/problems/" + type);
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
  }
}
