package dev.scangate.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds credentials for a registry ({@code host[:port]}, with Docker Hub as {@code docker.io}).
 * {@link DockerConfigCredentials} reads Docker's {@code config.json}; {@link #of(Map)} serves
 * credentials the caller already has (from a secret store, or a test).
 *
 * <pre>{@code
 * CredentialsProvider credentials = CredentialsProvider
 *     .of(Map.of("registry.example.com", Credentials.basic("ci", password)))
 *     .orElse(DockerConfigCredentials.load(null));
 * }</pre>
 */
@FunctionalInterface
public interface CredentialsProvider {

  /** Credentials for the registry, or empty for anonymous access. */
  Optional<Credentials> credentialsFor(String registry);

  /** Always anonymous. */
  static CredentialsProvider anonymous() {
    return registry -> Optional.empty();
  }

  /** Fixed credentials per registry; keys are {@code host[:port]} ({@code index.docker.io} = docker.io). */
  static CredentialsProvider of(Map<String, Credentials> byRegistry) {
    Map<String, Credentials> normalized = new LinkedHashMap<>();
    byRegistry.forEach((registry, credentials) ->
        normalized.put(RegistrySettings.normalizeRegistry(registry), credentials));
    Map<String, Credentials> copy = Map.copyOf(normalized);
    return registry -> Optional.ofNullable(copy.get(RegistrySettings.normalizeRegistry(registry)));
  }

  /** These credentials, or the fallback's when these have none. */
  default CredentialsProvider orElse(CredentialsProvider fallback) {
    return registry -> {
      Optional<Credentials> found = credentialsFor(registry);
      return found.isPresent() ? found : fallback.credentialsFor(registry);
    };
  }
}
