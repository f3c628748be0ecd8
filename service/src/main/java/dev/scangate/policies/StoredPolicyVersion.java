package dev.scangate.policies;

import dev.scangate.policy.PolicyVersion;
import java.time.Instant;
import java.util.UUID;

/**
 * One saved, immutable policy version.
 *
 * @param definition the parsed rules; {@code definition.digest()} equals {@code digest}
 */
public record StoredPolicyVersion(UUID id, UUID policyId, String policyName, int version,
    String digest, Instant createdAt, String createdBy, PolicyVersion definition) {
}
