package dev.scangate.policy;

import java.util.Objects;

/**
 * A finding that decided a rule: its vulnerability id and package URL.
 *
 * <pre>{@code
 * new FindingRef("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
 * }</pre>
 */
public record FindingRef(String vulnerabilityId, String purl) {

  public FindingRef {
    Objects.requireNonNull(vulnerabilityId, "vulnerabilityId");
    purl = purl == null ? "" : purl;
  }
}
