package dev.scangate.platform;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every kind of error the API returns, as RFC 9457 problem types. The {@code type} URI is stable
 * and documented in {@code docs/api.md}; {@code title} is the rule, {@code detail} names the input.
 */
public enum ProblemType {
  INVALID_REFERENCE(HttpStatus.BAD_REQUEST, "Invalid image reference"),
  INVALID_PLATFORM(HttpStatus.BAD_REQUEST, "Invalid platform"),
  INVALID_DIGEST(HttpStatus.BAD_REQUEST, "Invalid digest"),
  REGISTRY_NOT_ALLOWED(HttpStatus.BAD_REQUEST, "Registry not allowed"),
  INVALID_SBOM(HttpStatus.BAD_REQUEST, "Invalid or unsupported SBOM"),
  VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Request validation failed"),
  MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request body"),
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  CONFLICT(HttpStatus.CONFLICT, "Conflict"),
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "Not permitted"),
  WEBHOOK_UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Webhook delivery not authenticated"),
  WEBHOOK_NO_IMAGE(HttpStatus.BAD_REQUEST, "Webhook payload has no container image"),
  INVALID_PUBLIC_KEY(HttpStatus.BAD_REQUEST, "Invalid public key"),
  UNKNOWN_KEY(HttpStatus.BAD_REQUEST, "Unknown signing key"),
  IMAGE_NOT_FOUND(HttpStatus.UNPROCESSABLE_CONTENT, "Image not found in its registry"),
  REGISTRY_ERROR(HttpStatus.BAD_GATEWAY, "Registry request failed"),
  INVALID_POLICY(HttpStatus.BAD_REQUEST, "Invalid policy"),
  UNKNOWN_ENVIRONMENT(HttpStatus.BAD_REQUEST, "Unknown environment"),
  PREVIOUS_ENVIRONMENT_REQUIRED(HttpStatus.CONFLICT,
      "The image must be promoted to the previous environment first"),
  POLICY_DENIED(HttpStatus.UNPROCESSABLE_CONTENT, "Denied by policy"),
  APPROVAL_NOT_PERMITTED(HttpStatus.FORBIDDEN, "Approval not permitted"),
  INVALID_VEX(HttpStatus.BAD_REQUEST, "Invalid VEX document"),
  INVALID_ADMISSION_REVIEW(HttpStatus.BAD_REQUEST, "Invalid AdmissionReview"),
  ADMISSION_BUSY(HttpStatus.SERVICE_UNAVAILABLE,
      "Too many admission requests are waiting for a registry"),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

  private final HttpStatus status;
  private final String title;

  ProblemType(HttpStatus status, String title) {
    this.status = status;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public URI uri() {
    return URI.create("https://scangate.dev/problems/" + name().toLowerCase().replace('_', '-'));
  }
}
