package dev.scangate.admission;

/** The body is not an {@code AdmissionReview} scangate can answer (no request uid to echo). */
final class MalformedAdmissionReviewException extends RuntimeException {

  MalformedAdmissionReviewException(String message) {
    super(message);
  }
}
