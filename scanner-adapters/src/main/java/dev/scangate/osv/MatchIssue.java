package dev.scangate.osv;

import java.util.Objects;

/**
 * A component or advisory the matcher could not fully check; the rest of the result stands.
 *
 * <pre>{@code
 * new MatchIssue("pkg:pypi/foo@latest", null,
 *     "version \"latest\" is not a PEP 440 version: 2 advisories for foo not checked");
 * }</pre>
 *
 * @param purl the component's package URL
 * @param advisoryId the advisory concerned; null when it is about the component
 * @param reason what could not be checked and why
 */
public record MatchIssue(String purl, String advisoryId, String reason) {

  public MatchIssue {
    Objects.requireNonNull(purl, "purl");
    Objects.requireNonNull(reason, "reason");
  }
}
