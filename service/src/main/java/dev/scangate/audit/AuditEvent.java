package dev.scangate.audit;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One audit log entry as the API shows it.
 *
 * @param id position in the log (ascending; gaps are possible, the chain is what counts)
 * @param at when it happened (microsecond precision)
 * @param actor who did it: {@code token:<name>}, {@code user:<name>}, {@code oidc:<name>}, or
 *     {@code system} for the application itself
 * @param action what happened, {@code <feature>.<verb>}, e.g. {@code token.created}
 * @param targetType the kind of thing acted on, e.g. {@code token}, {@code scan}
 * @param targetId its id
 * @param details action-specific facts (never secrets)
 * @param prevHash the hash of the previous event ({@code 0…0} for the first)
 * @param hash SHA-256 over {@code prevHash} and this event's canonical JSON
 */
public record AuditEvent(long id, Instant at, String actor, String action, String targetType,
    String targetId, JsonNode details, String prevHash, String hash) {
}
