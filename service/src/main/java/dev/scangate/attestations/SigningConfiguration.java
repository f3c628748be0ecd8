package dev.scangate.attestations;

import dev.scangate.registry.RegistryClient;
import dev.scangate.signing.CosignReferrers;
import dev.scangate.signing.CosignStorage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the signing library of scanner-adapters from {@code scangate.signing.*}. The configured
 * key is decrypted while the context starts, so a wrong password, a SEC1 key or a corrupt PEM
 * stops the application with the reason.
 */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

  @Bean
  SigningPasswords signingPasswords(SigningProperties properties) {
    return new SigningPasswords(properties);
  }

  /** The key of {@code scangate.signing.key-file}; no bean (null) when none is configured. */
  @Bean
  ConfiguredKey configuredSigningKey(SigningProperties properties, SigningPasswords passwords) {
    return ConfiguredKey.load(properties, passwords);
  }

  @Bean
  CosignStorage cosignStorage(RegistryClient registry) {
    return new CosignStorage(registry);
  }

  @Bean
  CosignReferrers cosignReferrers(RegistryClient registry) {
    return new CosignReferrers(registry);
  }
}
