package dev.scangate.policies;

import java.time.Instant;
import java.util.UUID;

/** A policy: API shape of {@code GET /api/v1/policies}. */
public record PolicyView(UUID id, String name, String description, Instant createdAt,
    String createdBy, Latest latestVersion) {

  /** The newest version of the policy. */
  public record Latest(UUID id, int version, String digest) {
  }
}
