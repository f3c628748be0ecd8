package dev.scangate.findings;

import java.util.Set;
import java.util.UUID;

/**
 * Published after a re-match changed the findings of images without a new scan (an import
 * added, changed or withdrew advisories), once the new findings are committed.
 *
 * @param imageDigests the images whose latest scan got other findings
 * @param importId the vulnerability database import that caused it
 */
public record FindingsChanged(Set<String> imageDigests, UUID importId) {

  public FindingsChanged {
    imageDigests = Set.copyOf(imageDigests);
  }
}
