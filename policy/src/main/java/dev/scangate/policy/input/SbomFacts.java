package dev.scangate.policy.input;

import java.util.List;

/**
 * The image's SBOM as the policy sees it: CEL variable {@code sbom}.
 *
 * <pre>{@code
 * new SbomFacts(List.of(openssl, log4jCore));
 * }</pre>
 */
public record SbomFacts(List<ComponentFacts> components) {

  /** An SBOM with no components, for images that have none yet. */
  public static final SbomFacts EMPTY = new SbomFacts(List.of());

  public SbomFacts {
    components = List.copyOf(components);
  }
}
