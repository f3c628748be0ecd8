package dev.scangate.policy.input;

import java.util.Objects;

/**
 * An attestation attached to the image, an element of {@code attestations} in CEL.
 *
 * <pre>{@code
 * new AttestationFacts("https://slsa.dev/provenance/v1", true);
 * }</pre>
 *
 * @param predicateType the in-toto predicate type URI
 * @param verified whether its signature verified against a trusted key
 */
public record AttestationFacts(String predicateType, boolean verified) {

  public AttestationFacts {
    Objects.requireNonNull(predicateType, "predicateType");
  }
}
