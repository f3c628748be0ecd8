package dev.scangate.webhooks;

import dev.scangate.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a payload asks scangate to do: the deliveries to record, each with the image references
 * to scan, and what was ignored and why (a pull, a deletion, a blob push). A provider with one id
 * per request yields one delivery; registry notifications yield one per event.
 *
 * <pre>{@code
 * Extraction e = new Extraction(
 *     List.of(Delivery.of("72d3162e-…", request, List.of("ghcr.io/acme/app@sha256:…"))),
 *     List.of());
 * e.ignoredSummary(); // null: nothing ignored
 * }</pre>
 */
record Extraction(List<Delivery> deliveries, List<String> ignored) {

  /** Longest delivery id stored as sent; longer ones are stored as their digest. */
  static final int MAX_ID_LENGTH = 200;

  /**
   * Tags cosign writes next to an image: signatures, attestations, SBOMs
   * (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md). scangate pushes such
   * tags itself, so scanning them would loop.
   */
  private static final Pattern SIGNATURE_TAG =
      Pattern.compile("(sha256|sha512)-[0-9a-f]+\\.(sig|att|sbom)");

  Extraction {
    deliveries = List.copyOf(deliveries);
    ignored = List.copyOf(ignored);
  }

  static Extraction ignoring(String reason) {
    return new Extraction(List.of(), List.of(reason));
  }

  /**
   * One event to record once per source: its id and the references it asked to scan.
   *
   * @param id the provider's delivery or event id, or {@code sha256:<hex>} of the content
   * @param contentAddressed whether the id is a digest of the content rather than an id the
   *     sender assigned; such a delivery repeats only within the content replay window
   */
  record Delivery(String id, boolean contentAddressed, List<String> references) {

    Delivery {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("a delivery needs an id");
      }
      references = List.copyOf(references);
      if (references.isEmpty()) {
        throw new IllegalArgumentException("a delivery names at least one image");
      }
    }

    /** A delivery with the sender's id, or identified by the body when the sender gave none. */
    static Delivery of(String senderId, WebhookRequest request, List<String> references) {
      if (senderId == null || senderId.isBlank()) {
        return new Delivery(request.bodyDigest(), true, references);
      }
      return new Delivery(bounded(senderId.strip()), false, references);
    }

    static String bounded(String id) {
      return id.length() <= MAX_ID_LENGTH ? id
          : Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).toString();
    }
  }

  /** Whether a tag is one of cosign's signature, attestation or SBOM tags. */
  static boolean isSignatureTag(String tag) {
    return tag != null && SIGNATURE_TAG.matcher(tag).matches();
  }

  /** The ignored reasons for the response, each once with a count when repeated; or null. */
  String ignoredSummary() {
    if (ignored.isEmpty()) {
      return null;
    }
    Map<String, Long> counts = ignored.stream()
        .collect(Collectors.groupingBy(r -> r, LinkedHashMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " (" + e.getValue() + " times)")
        .collect(Collectors.joining("; "));
  }

  int referenceCount() {
    return deliveries.stream().mapToInt(d -> d.references().size()).sum();
  }
}
