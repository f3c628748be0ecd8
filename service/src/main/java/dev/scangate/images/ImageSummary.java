package dev.scangate.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image in a list: API shape of {@code GET /api/v1/images}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageSummary(String digest, String mediaType, long size, String platform,
    List<String> repositories, Instant firstSeen, Instant lastSeen, LatestScan latestScan) {

  /** The most recently requested scan of this digest. */
  public record LatestScan(UUID id, String status, Instant finishedAt) {
  }
}
