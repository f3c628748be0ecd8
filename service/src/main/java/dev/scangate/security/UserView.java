package dev.scangate.security;

import java.time.Instant;
import java.util.UUID;

/**
 * A dashboard account as the API shows it (never the password hash).
 *
 * @param source {@code local} (created through the API) or {@code bootstrap}
 *     ({@code scangate.bootstrap-admin})
 */
public record UserView(UUID id, String username, String role, boolean disabled, String source,
    Instant createdAt, Instant updatedAt) {
}
