package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Startup validation of {@code scangate.webhooks.*}, as the application binds it. */
class WebhookPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(WebhookProperties.class)
  static class Bound {
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Bound.class);

  private static String rootCause(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Test
  void bindsSourcesWithDefaults() {
    runner.withPropertyValues(
            "scangate.webhooks.sources.ghcr.provider=GitHub",
            "scangate.webhooks.sources.ghcr.secret=gh-secret",
            "scangate.webhooks.sources.std.provider=generic",
            "scangate.webhooks.sources.std.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "scangate.webhooks.sources.std.platform=linux/arm64",
            "scangate.webhooks.sources.std.priority=low")
        .run(context -> {
          assertThat(context).hasNotFailed();
          WebhookProperties properties = context.getBean(WebhookProperties.class);
          WebhookProperties.Source ghcr = properties.sources().get("ghcr");
          assertThat(ghcr.providerId()).isEqualTo(Provider.GITHUB);
          assertThat(ghcr.priority()).isEqualTo("HIGH");
          assertThat(ghcr.tolerance()).isNull();
          WebhookProperties.Source std = properties.sources().get("std");
          assertThat(std.tolerance()).isEqualTo(Duration.ofMinutes(5));
          assertThat(std.priority()).isEqualTo("LOW");
          assertThat(std.platform()).isEqualTo("linux/arm64");
          assertThat(properties.contentReplayWindow()).isEqualTo(Duration.ofMinutes(10));
          assertThat(properties.toString()).doesNotContain("gh-secret").doesNotContain("MfKQ");
        });
  }

  @Test
  void bindsFromEnvironmentVariables() {
    Map<String, Object> environment = Map.of(
        "SCANGATE_WEBHOOKS_SOURCES_HUB_PROVIDER", "dockerhub",
        "SCANGATE_WEBHOOKS_SOURCES_HUB_SECRET", "hub-secret",
        "SCANGATE_WEBHOOKS_SOURCES_HUB_PRIORITY", "NORMAL",
        "SCANGATE_WEBHOOKS_CONTENTREPLAYWINDOW", "2m");
    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
        .run(context -> {
          WebhookProperties properties = context.getBean(WebhookProperties.class);
          assertThat(properties.sources()).containsOnlyKeys("hub");
          assertThat(properties.sources().get("hub").priority()).isEqualTo("NORMAL");
          assertThat(properties.contentReplayWindow()).isEqualTo(Duration.ofMinutes(2));
        });
  }

  @Test
  void noSourcesIsValid() {
    runner.run(context -> assertThat(context.getBean(WebhookProperties.class).sources())
        .isEmpty());
  }

  @Test
  void readsTheSecretFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hub-token");
    Files.writeString(file, "hub-secret\n");
    runner.withPropertyValues("scangate.webhooks.sources.hub.provider=dockerhub",
            "scangate.webhooks.sources.hub.secret-file=" + file)
        .run(context -> assertThat(context.getBean(WebhookProperties.class).sources()
            .get("hub").secret()).isEqualTo("hub-secret"));
  }

  @Test
  void unknownProviderFailsStartupNamingTheSource() {
    runner.withPropertyValues("scangate.webhooks.sources.forge.provider=gitea",
            "scangate.webhooks.sources.forge.secret=s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(rootCause(context.getStartupFailure()))
              .contains("scangate.webhooks.sources.forge.provider")
              .contains("\"gitea\" is not one of github, gitlab, harbor, dockerhub, quay,"
                  + " distribution, generic");
        });
  }

  @Test
  void sourceWithoutSecretFailsStartupNamingTheSource() {
    runner.withPropertyValues("scangate.webhooks.sources.ghcr.provider=github")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(rootCause(context.getStartupFailure()))
              .contains("scangate.webhooks.sources.ghcr has no secret");
        });
  }

  @Test
  void unreadableSecretFileFailsStartup(@TempDir Path dir) {
    runner.withPropertyValues("scangate.webhooks.sources.quay.provider=quay",
            "scangate.webhooks.sources.quay.secret-file=" + dir.resolve("missing"))
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .contains("scangate.webhooks.sources.quay.secret-file: cannot read"));
  }

  @Test
  void genericSecretMustBeWhsecAndIsNeverQuoted() {
    runner.withPropertyValues("scangate.webhooks.sources.ci.provider=generic",
            "scangate.webhooks.sources.ci.secret=plain-password-123")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .contains("scangate.webhooks.sources.ci")
            .contains("whsec_")
            .doesNotContain("plain-password-123"));
  }

  @Test
  void optionsThatDoNotApplyFailStartup() {
    runner.withPropertyValues("scangate.webhooks.sources.gl.provider=gitlab",
            "scangate.webhooks.sources.gl.secret=s",
            "scangate.webhooks.sources.gl.tolerance=1m")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .contains("scangate.webhooks.sources.gl.tolerance applies only to provider generic"));
    runner.withPropertyValues("scangate.webhooks.sources.gl.provider=gitlab",
            "scangate.webhooks.sources.gl.secret=s",
            "scangate.webhooks.sources.gl.registry=registry.gitlab.com")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .contains("scangate.webhooks.sources.gl.registry does not apply to provider"
                + " gitlab"));
  }

  @Test
  void invalidRegistryPlatformAndPriorityFailStartup() {
    runner.withPropertyValues("scangate.webhooks.sources.h.provider=harbor",
            "scangate.webhooks.sources.h.secret=s",
            "scangate.webhooks.sources.h.registry=harbor")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .contains("scangate.webhooks.sources.h.registry: \"harbor\" is not a registry"));
    runner.withPropertyValues("scangate.webhooks.sources.h.provider=harbor",
            "scangate.webhooks.sources.h.secret=s",
            "scangate.webhooks.sources.h.platform=linux/amd65")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .contains("scangate.webhooks.sources.h.platform"));
    runner.withPropertyValues("scangate.webhooks.sources.h.provider=harbor",
            "scangate.webhooks.sources.h.secret=s",
            "scangate.webhooks.sources.h.priority=URGENT")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .contains("scangate.webhooks.sources.h.priority: \"URGENT\" is not one of"));
  }
}
