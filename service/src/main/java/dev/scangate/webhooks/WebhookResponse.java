package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.scangate.scans.ScanView;
import java.util.List;
import java.util.UUID;

/**
 * Answer to a webhook delivery: the scans it requested (new, joined or, for a repeated delivery,
 * the ones recorded the first time) and what was ignored.
 *
 * <pre>{@code
 * {"scans": [{"id": "0a5c…", "status": "QUEUED",
 *             "image": {"reference": "ghcr.io/acme/app@sha256:…", "digest": "sha256:…"}}],
 *  "ignored": "blob push (2 times)"}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookResponse(List<ScanRef> scans, String ignored) {

  public WebhookResponse {
    scans = List.copyOf(scans);
  }

  /** A scan the delivery requested. */
  public record ScanRef(UUID id, String status, Image image) {
  }

  /** The image as requested; {@code digest} once known. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Image(String reference, String digest) {
  }

  static ScanRef ref(ScanView scan) {
    return new ScanRef(scan.id(), scan.status(),
        new Image(scan.image().reference(), scan.image().digest()));
  }
}
