package dev.scangate.webhooks;

/**
 * Turns an authenticated delivery into the images to scan: reads the provider's wire records,
 * normalizes them to image references and names the delivery. Pure: no IO, no database.
 *
 * <pre>{@code
 * Extraction e = new DockerHubExtractor(reader, null).extract(request);
 * e.deliveries().get(0).references(); // ["docker.io/svendowideit/testhook:latest"]
 * }</pre>
 */
interface PayloadExtractor {

  /**
   * @throws MalformedPayloadException when the body is not the provider's JSON
   * @throws NoImageException when the payload names no image and is not an event to ignore
   */
  Extraction extract(WebhookRequest request);
}
