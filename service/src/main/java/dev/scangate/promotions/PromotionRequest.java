package dev.scangate.promotions;

/**
 * Body of {@code POST /api/v1/promotions}.
 *
 * @param image a digest reference, or a tag that is resolved to its digest (both are recorded)
 */
record PromotionRequest(String image, String environment) {
}
