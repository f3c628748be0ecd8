package dev.scangate.registries;

import dev.scangate.registry.RegistryAccessPolicy;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the registry client of scanner-adapters from {@code scangate.registries.*}. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

  @Bean
  RegistrySettings registrySettings(RegistryProperties properties) {
    return properties.toSettings();
  }

  @Bean
  RegistryAccessPolicy registryAccessPolicy(RegistrySettings settings) {
    return new RegistryAccessPolicy(settings);
  }

  @Bean
  RegistryClient registryClient(RegistrySettings settings, Clock clock) {
    return new RegistryClient(settings, clock);
  }
}
