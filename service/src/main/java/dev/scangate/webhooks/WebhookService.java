package dev.scangate.webhooks;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.scans.ScanService;
import dev.scangate.scans.ScanView;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives webhook deliveries: authenticates them for their source, extracts the images, and
 * submits one scan per image. The delivery is recorded in the same transaction as its scans, so
 * a repeated delivery answers with the same scans and enqueues nothing, and a failure (a bad
 * reference, a crash) leaves neither.
 */
@Service
class WebhookService {

  private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
  /** Most images one delivery may ask for. */
  static final int MAX_REFERENCES = 100;
  private static final int ATTEMPTS = 3;

  private final WebhookSources sources;
  private final WebhookDeliveries deliveries;
  private final ScanService scans;
  private final WebhookProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final MeterRegistry meters;

  WebhookService(WebhookSources sources, WebhookDeliveries deliveries, ScanService scans,
      WebhookProperties properties, TransactionTemplate tx, Clock clock, MeterRegistry meters) {
    this.sources = sources;
    this.deliveries = deliveries;
    this.scans = scans;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * Handles one delivery to {@code /api/v1/webhooks/<sourceName>}.
   *
   * @throws ApiException 401 for an unknown source or a failed authentication, 400 for a body
   *     that is not the provider's JSON, names no image, or names an image scangate refuses
   */
  WebhookResponse receive(String sourceName, WebhookRequest request) {
    Optional<WebhookSource> found = sources.find(sourceName);
    if (found.isEmpty()) {
      count("unknown", "unauthorized");
      // The name comes from the URL: shown only with harmless characters, never a line break.
      String shown = printable(sourceName);
      log.info("webhook delivery to unknown source \"{}\" refused", shown);
      throw new ApiException(ProblemType.WEBHOOK_UNAUTHORIZED, "no webhook source \"" + shown
          + "\" is configured (scangate.webhooks.sources." + shown + ")",
          Map.of("source", shown));
    }
    WebhookSource source = found.get();
    try {
      source.authenticator().verify(request);
    } catch (WebhookUnauthorizedException e) {
      count(source.name(), "unauthorized");
      log.info("webhook delivery to source {} refused: {}", source.name(), e.getMessage());
      throw new ApiException(ProblemType.WEBHOOK_UNAUTHORIZED, "webhook source \""
          + source.name() + "\" (" + source.provider() + "): " + e.getMessage(),
          Map.of("source", source.name(), "provider", source.provider().id()));
    }
    Extraction extraction = extract(source, request);
    if (extraction.referenceCount() > MAX_REFERENCES) {
      count(source.name(), "rejected");
      throw new ApiException(ProblemType.VALIDATION_FAILED, "the delivery names "
          + extraction.referenceCount() + " images; at most " + MAX_REFERENCES
          + " are accepted per delivery", Map.of("source", source.name()));
    }
    List<UUID> ids = extraction.deliveries().isEmpty() ? List.of() : record(source, extraction);
    List<WebhookResponse.ScanRef> refs = new ArrayList<>();
    for (UUID id : new LinkedHashSet<>(ids)) {
      scans.find(id).map(WebhookResponse::ref).ifPresent(refs::add);
    }
    count(source.name(), ids.isEmpty() ? "ignored" : "accepted");
    return new WebhookResponse(refs, extraction.ignoredSummary());
  }

  private Extraction extract(WebhookSource source, WebhookRequest request) {
    try {
      return source.extractor().extract(request);
    } catch (MalformedPayloadException e) {
      count(source.name(), "rejected");
      throw new ApiException(ProblemType.MALFORMED_REQUEST, e.getMessage(),
          Map.of("source", source.name(), "provider", source.provider().id()));
    } catch (NoImageException e) {
      count(source.name(), "rejected");
      throw new ApiException(ProblemType.WEBHOOK_NO_IMAGE, e.getMessage(),
          Map.of("source", source.name(), "provider", e.provider().id()));
    }
  }

  /**
   * Records the deliveries and submits their scans in one transaction. When another delivery
   * submits the same image at the same moment, the insert of the second scan fails on the
   * one-active-scan index and aborts this PostgreSQL transaction; it is rolled back whole and
   * run again, and then joins the other's committed scan.
   */
  private List<UUID> record(WebhookSource source, Extraction extraction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.execute(status -> recordOnce(source, extraction));
      } catch (DataAccessException | TransactionException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        log.debug("recording a delivery to source {} conflicted (attempt {}), retrying",
            source.name(), attempt, e);
      }
    }
  }

  private List<UUID> recordOnce(WebhookSource source, Extraction extraction) {
    Instant now = clock.instant();
    Instant replayCutoff = now.minus(properties.contentReplayWindow());
    List<UUID> ids = new ArrayList<>();
    for (Extraction.Delivery delivery : extraction.deliveries()) {
      if (!deliveries.claim(source.name(), delivery.id(), now)) {
        WebhookDeliveries.Recorded recorded = deliveries.lock(source.name(), delivery.id())
            .orElseThrow(() -> new IllegalStateException("delivery " + delivery.id()
                + " of source " + source.name() + " vanished while locked"));
        boolean repeat = !delivery.contentAddressed()
            || !recorded.receivedAt().isBefore(replayCutoff);
        if (repeat) {
          ids.addAll(recorded.scanIds());
          continue;
        }
      }
      List<UUID> submitted = new ArrayList<>();
      for (String reference : delivery.references()) {
        ScanService.Submission submission =
            scans.submit(reference, source.platform(), source.priority());
        submitted.add(submission.scan().id());
      }
      deliveries.complete(source.name(), delivery.id(), now, submitted);
      ids.addAll(submitted);
    }
    return ids;
  }

  private static String printable(String name) {
    String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
    return cut.replaceAll("[^A-Za-z0-9._-]", "?");
  }

  private void count(String source, String outcome) {
    meters.counter("scangate.webhooks.deliveries", "source", source, "outcome", outcome)
        .increment();
  }
}
