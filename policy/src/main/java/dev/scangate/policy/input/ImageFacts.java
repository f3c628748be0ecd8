package dev.scangate.policy.input;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the policy knows about the image: CEL variable {@code image}.
 *
 * <pre>{@code
 * new ImageFacts("registry.example/team-a/api:1.4", "sha256:…", "team-a/api", "registry.example",
 *     Map.of("org.opencontainers.image.source", "https://git.example/api"), "linux", "amd64",
 *     "1000:1000", Instant.parse("2024-05-01T10:00:00Z"));
 * }</pre>
 *
 * @param reference the reference as requested (tag or digest form)
 * @param digest the manifest digest that was evaluated
 * @param repository the repository path without registry, e.g. {@code library/nginx}
 * @param registry the registry host, e.g. {@code docker.io}
 * @param labels the config labels; null means none
 * @param user the config {@code User}; null or empty means the image runs as root
 * @param created the config {@code created} time, or null when absent
 */
public record ImageFacts(String reference, String digest, String repository, String registry,
    Map<String, String> labels, String os, String arch, String user, Instant created) {

  public ImageFacts {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(registry, "registry");
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    os = os == null ? "" : os;
    arch = arch == null ? "" : arch;
    user = user == null ? "" : user;
  }
}
