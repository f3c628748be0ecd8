package dev.scangate.waivers;

/**
 * Body of {@code POST /api/v1/waivers}.
 *
 * @param vulnerability a vulnerability id or any of its aliases (CVE, GHSA, OSV id)
 * @param packagePattern a package URL pattern ({@code pkg:maven/org.apache.logging.log4j/*}), or
 *     null for any package; JSON field {@code package}
 * @param repository a repository glob ({@code team-a/**}), or null for any
 * @param environment the only environment it applies in, or null for all
 * @param expiresAt ISO-8601 instant, at most {@code scangate.waivers.max-duration} from now
 */
public record WaiverRequest(String vulnerability,
    @com.fasterxml.jackson.annotation.JsonProperty("package") String packagePattern,
    String repository, String environment, String reason, String owner, String expiresAt,
    String justification) {
}
