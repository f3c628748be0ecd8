package dev.scangate.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API token as listed: never its secret.
 *
 * @param prefix the secret's first characters, to recognize a token
 * @param status {@code active}, {@code expired} or {@code revoked}
 * @param origin {@code api} (created through the API), {@code bootstrap}
 *     ({@code scangate.bootstrap-token}) or {@code initial} (generated on the first start)
 */
public record TokenView(UUID id, String name, String prefix, List<String> scopes,
    Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
    String status, String origin) {
}
