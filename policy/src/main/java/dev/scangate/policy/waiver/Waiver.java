package dev.scangate.policy.waiver;

import dev.scangate.policy.match.Glob;
import dev.scangate.policy.match.PurlPattern;
import java.time.Instant;
import java.util.Objects;

/**
 * An accepted risk: one vulnerability, optionally narrowed to packages, repositories and one
 * environment, until it expires. Which waiver applies to which finding is decided by
 * {@link WaiverMatcher}.
 *
 * <pre>{@code
 * new Waiver("W-17", "CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/*", "team-a/**",
 *     "prod", "not reachable: JNDI lookups disabled", "alice", Instant.parse("2024-07-01T00:00:00Z"),
 *     "bob", false);
 * }</pre>
 *
 * @param vulnerabilityId matched against a finding's id and its aliases, case-insensitively
 * @param purlPattern a {@link PurlPattern}, or null for any package
 * @param repositoryGlob a {@link Glob} over the image repository, or null for any
 * @param environment the only environment it applies in, or null for all
 * @param expiresAt the first instant at which the waiver no longer applies
 * @param approvedBy who approved it, or null while unapproved
 */
public record Waiver(String id, String vulnerabilityId, String purlPattern, String repositoryGlob,
    String environment, String reason, String owner, Instant expiresAt, String approvedBy,
    boolean revoked) {

  public Waiver {
    requireText(id, "id");
    requireText(vulnerabilityId, "vulnerabilityId");
    requireText(reason, "reason");
    requireText(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (purlPattern != null) {
      PurlPattern.parse(purlPattern);
    }
    if (repositoryGlob != null) {
      Glob.parse(repositoryGlob);
    }
    if (environment != null && environment.isBlank()) {
      environment = null;
    }
    if (approvedBy != null && approvedBy.isBlank()) {
      approvedBy = null;
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("waiver " + name + " must not be empty");
    }
  }
}
