package dev.scangate.environments;

import java.util.UUID;

/**
 * Body of {@code POST /api/v1/environments} and {@code PUT /api/v1/environments/{name}}; on
 * update, absent fields keep their value.
 *
 * @param policyVersion the version number to bind; absent binds the policy's latest version
 * @param gracePeriod ISO-8601 duration ({@code PT24H}); {@code PT0S} revokes at once
 */
record EnvironmentRequest(String name, Integer position, UUID policyId, Integer policyVersion,
    Boolean requiresPrevious, String gracePeriod) {
}
