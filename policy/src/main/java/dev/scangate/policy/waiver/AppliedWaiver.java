package dev.scangate.policy.waiver;

import java.util.Objects;

/**
 * A waiver that took effect on one finding during an evaluation.
 *
 * <pre>{@code
 * new AppliedWaiver("W-17", "CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
 * }</pre>
 *
 * @param findingId the finding's vulnerability id (not necessarily the id the waiver names,
 *     which may be an alias)
 */
public record AppliedWaiver(String waiverId, String findingId, String purl) {

  public AppliedWaiver {
    Objects.requireNonNull(waiverId, "waiverId");
    Objects.requireNonNull(findingId, "findingId");
    purl = purl == null ? "" : purl;
  }
}
